-- A Department proposes some awards to its sector ministry (Bằng khen của Bộ trưởng): a title of a
-- regime may now be decided by a minister, the level of award between the province's and the
-- state's in the year-end review's figures per level (domain::statistics::LEVELS). Like every title
-- not decided by the Director, it goes up in a submission (tờ trình).
ALTER TABLE titles DROP CONSTRAINT titles_decided_by_check;
ALTER TABLE titles ADD CONSTRAINT titles_decided_by_check
    CHECK (decided_by IN ('director', 'province', 'minister', 'prime_minister', 'president'));
