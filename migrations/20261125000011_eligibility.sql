-- Rule sets hold each title's conditions, and the facts those conditions read.
--
-- A title's conditions are a tree in a fixed vocabulary (src/domain/eligibility.rs):
--   {"kind": "all" | "any", "of": [...]} combine; leaves are e.g.
--   {"kind": "rating_at_least", "min": "HTTNV"}, {"kind": "rating_streak", "min": "HTXSNV", "years": 2},
--   {"kind": "initiative", "min_level": "grassroots", "within_years": 1, "count": 1},
--   {"kind": "title_streak", "title": "CSTDCS", "years": 3}, {"kind": "months_worked", "min": 6},
--   {"kind": "not_disciplined", "min_level": "REPRIMAND"}, {"kind": "quota", "of_title": "LDTT", "max_pct": 15} …
-- and every node may carry "source": the legal article it encodes. Administrators change the
-- parameters and combinations of a new regime; a rule set used by a closed campaign is frozen.
ALTER TABLE titles ADD COLUMN conditions jsonb NOT NULL DEFAULT '{"kind": "all", "of": []}';

-- Base salary (lương cơ sở): cash awards are multiples of the amount in force on the decision date.
CREATE TABLE base_salaries (
    effective_from date PRIMARY KEY,
    amount         numeric(12, 0) NOT NULL CHECK (amount > 0),
    legal_basis    text NOT NULL DEFAULT ''
);
INSERT INTO base_salaries (effective_from, amount, legal_basis) VALUES
 ('2019-07-01', 1490000, 'Nghị định 38/2019/NĐ-CP'),
 ('2023-07-01', 1800000, 'Nghị định 24/2023/NĐ-CP'),
 ('2024-07-01', 2340000, 'Nghị định 73/2024/NĐ-CP');

-- Public holidays and compensatory days off (Bộ luật Lao động 2019, Điều 112; the Government's yearly
-- notice for civil servants). Working days are Monday to Friday except these; editable per year.
-- A 'working' row is a weekend day worked in exchange for a bridged day off (làm bù).
CREATE TABLE holidays (
    day      date PRIMARY KEY,
    kind     text NOT NULL DEFAULT 'holiday' CHECK (kind IN ('holiday', 'working')),
    name_vi  text NOT NULL,
    name_en  text NOT NULL
);
INSERT INTO holidays (day, kind, name_vi, name_en) VALUES
 ('2024-05-04', 'working', 'Làm bù ngày 29/4', 'Worked in exchange for 29/4'),
 ('2025-04-26', 'working', 'Làm bù ngày 2/5', 'Worked in exchange for 2/5');
INSERT INTO holidays (day, name_vi, name_en) VALUES
 ('2022-01-01', 'Tết Dương lịch', 'New Year''s Day'),
 ('2022-01-03', 'Nghỉ bù Tết Dương lịch', 'New Year''s Day (compensatory)'),
 ('2022-01-31', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2022-02-01', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2022-02-02', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2022-02-03', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2022-02-04', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2022-04-10', 'Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration'),
 ('2022-04-11', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration (compensatory)'),
 ('2022-04-30', 'Ngày Giải phóng miền Nam', 'Reunification Day'),
 ('2022-05-01', 'Quốc tế Lao động', 'International Workers'' Day'),
 ('2022-05-02', 'Nghỉ bù 30/4', 'Reunification Day (compensatory)'),
 ('2022-05-03', 'Nghỉ bù 1/5', 'Workers'' Day (compensatory)'),
 ('2022-09-01', 'Quốc khánh', 'National Day'),
 ('2022-09-02', 'Quốc khánh', 'National Day'),
 ('2023-01-01', 'Tết Dương lịch', 'New Year''s Day'),
 ('2023-01-02', 'Nghỉ bù Tết Dương lịch', 'New Year''s Day (compensatory)'),
 ('2023-01-20', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2023-01-23', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2023-01-24', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2023-01-25', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2023-01-26', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2023-04-29', 'Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration'),
 ('2023-04-30', 'Ngày Giải phóng miền Nam', 'Reunification Day'),
 ('2023-05-01', 'Quốc tế Lao động', 'International Workers'' Day'),
 ('2023-05-02', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration (compensatory)'),
 ('2023-05-03', 'Nghỉ bù 30/4', 'Reunification Day (compensatory)'),
 ('2023-09-01', 'Quốc khánh', 'National Day'),
 ('2023-09-02', 'Quốc khánh', 'National Day'),
 ('2023-09-04', 'Nghỉ bù Quốc khánh', 'National Day (compensatory)'),
 ('2024-01-01', 'Tết Dương lịch', 'New Year''s Day'),
 ('2024-02-08', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2024-02-09', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2024-02-12', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2024-02-13', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2024-02-14', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2024-04-18', 'Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration'),
 ('2024-04-29', 'Nghỉ hoán đổi', 'Swapped day off'),
 ('2024-04-30', 'Ngày Giải phóng miền Nam', 'Reunification Day'),
 ('2024-05-01', 'Quốc tế Lao động', 'International Workers'' Day'),
 ('2024-09-02', 'Quốc khánh', 'National Day'),
 ('2024-09-03', 'Quốc khánh', 'National Day'),
 ('2025-01-01', 'Tết Dương lịch', 'New Year''s Day'),
 ('2025-01-27', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2025-01-28', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2025-01-29', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2025-01-30', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2025-01-31', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2025-04-07', 'Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration'),
 ('2025-04-30', 'Ngày Giải phóng miền Nam', 'Reunification Day'),
 ('2025-05-01', 'Quốc tế Lao động', 'International Workers'' Day'),
 ('2025-05-02', 'Nghỉ hoán đổi', 'Swapped day off'),
 ('2025-09-01', 'Quốc khánh', 'National Day'),
 ('2025-09-02', 'Quốc khánh', 'National Day'),
 ('2026-01-01', 'Tết Dương lịch', 'New Year''s Day'),
 ('2026-02-16', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2026-02-17', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2026-02-18', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2026-02-19', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2026-02-20', 'Tết Nguyên đán', 'Lunar New Year'),
 ('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration (compensatory)'),
 ('2026-04-30', 'Ngày Giải phóng miền Nam', 'Reunification Day'),
 ('2026-05-01', 'Quốc tế Lao động', 'International Workers'' Day'),
 ('2026-09-01', 'Quốc khánh', 'National Day'),
 ('2026-09-02', 'Quốc khánh', 'National Day');

-- Annual ratings (xếp loại chất lượng): a person's or a unit's, per year.
CREATE TABLE rating_years (
    year       int PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    -- the Office closes a year: its ratings can no longer be entered or changed by unit heads
    closed_at  timestamptz,
    closed_by  bigint REFERENCES users(id)
);
CREATE TABLE ratings (
    id          bigserial PRIMARY KEY,
    year        int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    person_id   bigint REFERENCES people(id),
    unit_id     bigint REFERENCES units(id),
    rating      text NOT NULL CHECK (rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    score       numeric(5, 2) CHECK (score IS NULL OR score BETWEEN 0 AND 1000),
    note        text NOT NULL DEFAULT '',
    source      text NOT NULL DEFAULT 'entry' CHECK (source IN ('entry', 'import')),
    entered_by  bigint REFERENCES users(id),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     int NOT NULL DEFAULT 1,
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE UNIQUE INDEX ratings_person_key ON ratings (person_id, year) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX ratings_unit_key ON ratings (unit_id, year) WHERE unit_id IS NOT NULL;
CREATE INDEX ratings_year_idx ON ratings (year);

-- Initiatives recognised by the initiative council (Hội đồng sáng kiến), with their authors.
CREATE TABLE initiative_recognitions (
    id                       bigserial PRIMARY KEY,
    title                    text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    field                    text NOT NULL DEFAULT '',
    level                    text NOT NULL CHECK (level IN ('grassroots', 'province', 'ministry', 'national')),
    decided_on               date NOT NULL,
    decision_no              text NOT NULL DEFAULT '',
    council                  text NOT NULL DEFAULT '',
    registered_initiative_id bigint REFERENCES registered_initiatives(id),
    created_by               bigint REFERENCES users(id),
    created_at               timestamptz NOT NULL DEFAULT now(),
    version                  int NOT NULL DEFAULT 1
);
CREATE TABLE initiative_authors (
    recognition_id bigint NOT NULL REFERENCES initiative_recognitions(id) ON DELETE CASCADE,
    person_id      bigint NOT NULL REFERENCES people(id),
    PRIMARY KEY (recognition_id, person_id)
);
CREATE INDEX initiative_authors_person_idx ON initiative_authors (person_id);

-- Discipline (kỷ luật) with its level and period, and open reviews, investigations, inspections or
-- complaints (nobody under one is awarded: ND 98/2023 Art. 4).
CREATE TABLE disciplines (
    id              bigserial PRIMARY KEY,
    person_id       bigint NOT NULL REFERENCES people(id),
    level           text NOT NULL CHECK (level IN ('REPRIMAND', 'WARNING', 'SALARY_DOWNGRADE', 'DEMOTION', 'REMOVAL', 'DISMISSAL')),
    decided_on      date NOT NULL,
    effective_until date,
    decision_no     text NOT NULL DEFAULT '',
    reason          text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX disciplines_person_idx ON disciplines (person_id);
CREATE TABLE review_flags (
    id         bigserial PRIMARY KEY,
    person_id  bigint REFERENCES people(id),
    unit_id    bigint REFERENCES units(id),
    kind       text NOT NULL CHECK (kind IN ('review', 'investigation', 'inspection', 'complaint')),
    opened_on  date NOT NULL,
    closed_on  date,
    note       text NOT NULL DEFAULT '',
    CHECK ((person_id IS NULL) <> (unit_id IS NULL)),
    CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
CREATE INDEX review_flags_person_idx ON review_flags (person_id) WHERE person_id IS NOT NULL;

-- Months worked in a year where it differs from what the start date gives (leave without pay, a
-- transfer); maternity leave and short training count as worked and need no entry.
CREATE TABLE work_months (
    person_id  bigint NOT NULL REFERENCES people(id),
    year       int NOT NULL,
    months     numeric(4, 1) NOT NULL CHECK (months BETWEEN 0 AND 12),
    note       text NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, year)
);

-- Every title and commendation a person or unit has received: imported from earlier years'
-- spreadsheets, later written by the app's own decisions.
CREATE TABLE award_history (
    id          bigserial PRIMARY KEY,
    year        int NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    person_id   bigint REFERENCES people(id),
    unit_id     bigint REFERENCES units(id),
    title_code  text NOT NULL,
    title_name  text NOT NULL DEFAULT '',
    decision_no text NOT NULL DEFAULT '',
    decided_on  date,
    issuer      text NOT NULL DEFAULT '',
    source      text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'entry', 'app')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE UNIQUE INDEX award_history_person_key ON award_history (person_id, year, title_code) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX award_history_unit_key ON award_history (unit_id, year, title_code) WHERE unit_id IS NOT NULL;

-- The facts above feed the eligibility cache of each server: one version for all of them.
INSERT INTO data_versions (name) VALUES ('facts');
CREATE FUNCTION bump_facts_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'facts';
    RETURN NULL;
END
$$;
CREATE TRIGGER ratings_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ratings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_facts_version();
CREATE TRIGGER initiative_recognitions_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiative_recognitions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_facts_version();
CREATE TRIGGER initiative_authors_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiative_authors
    FOR EACH STATEMENT EXECUTE FUNCTION bump_facts_version();
CREATE TRIGGER disciplines_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON disciplines
    FOR EACH STATEMENT EXECUTE FUNCTION bump_facts_version();
CREATE TRIGGER review_flags_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_flags
    FOR EACH STATEMENT EXECUTE FUNCTION bump_facts_version();
CREATE TRIGGER work_months_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON work_months
    FOR EACH STATEMENT EXECUTE FUNCTION bump_facts_version();
CREATE TRIGGER award_history_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON award_history
    FOR EACH STATEMENT EXECUTE FUNCTION bump_facts_version();

-- The seeded regimes' conditions (generated from one table of the law's articles; see DOMAIN.md §3).
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "rating_at_least", "min": "HTTNV", "source": "Khoản 1 Điều 24 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "registered", "source": "Khoản 1 Điều 24 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013) (tích cực tham gia phong trào thi đua)"}, {"kind": "months_worked", "min": 10, "source": "Khoản 3 Điều 11 Nghị định 91/2017/NĐ-CP"}, {"kind": "not_disciplined", "min_level": "REPRIMAND", "source": "Khoản 3 Điều 11 Nghị định 91/2017/NĐ-CP"}, {"kind": "not_under_review", "source": "Điều 7 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Nghị định 91/2017/NĐ-CP"}]}'::jsonb
  WHERE code = 'LDTT' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "meets", "title": "LDTT", "source": "Điều 23 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "initiative", "min_level": "grassroots", "within_years": 1, "count": 1, "source": "Điều 23 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Điều 9 Nghị định 91/2017/NĐ-CP"}, {"kind": "quota", "of_title": "LDTT", "max_pct": 15, "source": "Khoản 3 Điều 9 Nghị định 91/2017/NĐ-CP"}]}'::jsonb
  WHERE code = 'CSTDCS' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "title_streak", "title": "CSTDCS", "years": 3, "source": "Điều 22 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "initiative", "min_level": "province", "within_years": 3, "count": 1, "source": "Điều 22 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "not_under_review", "source": "Điều 7 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}]}'::jsonb
  WHERE code = 'CSTD_TINH' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTTNV", "source": "Điều 28 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "registered", "source": "Điều 28 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "members_share_with_title", "title": "LDTT", "min_pct": 50, "strictly_more": true, "source": "Điều 28 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "no_member_disciplined", "min_level": "WARNING", "source": "Điều 28 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}]}'::jsonb
  WHERE code = 'TTLDTT' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điều 27 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "members_all_rating_at_least", "min": "HTNV", "source": "Điều 27 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "members_share_with_title", "title": "LDTT", "min_pct": 70, "strictly_more": false, "source": "Điều 27 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "members_with_title_at_least", "title": "CSTDCS", "count": 1, "source": "Điều 27 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "no_member_disciplined", "min_level": "WARNING", "source": "Điều 27 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "quota", "of_title": "TTLDTT", "max_pct": 20, "source": "Quy định thi đua, khen thưởng của ngành (CONFIGURABLE)"}]}'::jsonb
  WHERE code = 'TTLDXS' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điều 26 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "manual", "text_vi": "Là tập thể tiêu biểu xuất sắc, dẫn đầu cụm, khối thi đua", "text_en": "An outstanding collective leading its emulation cluster", "source": "Điều 26 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}]}'::jsonb
  WHERE code = 'CO_TD' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "rating_at_least", "min": "HTTNV", "source": "Điều 75 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "not_disciplined", "min_level": "REPRIMAND", "source": "Điều 75 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "not_under_review", "source": "Điều 7 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "manual", "text_vi": "Có thành tích theo tiêu chuẩn Giấy khen của Bộ, tỉnh", "text_en": "An achievement meeting the ministry''s or province''s criteria for the certificate", "source": "Điều 75 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); quy định của Bộ, tỉnh"}]}'::jsonb
  WHERE code = 'GIAYKHEN' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "not_under_review", "source": "Điều 7 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "any", "of": [{"kind": "title_streak", "title": "CSTDCS", "years": 2, "source": "Điều 39 Nghị định 91/2017/NĐ-CP"}, {"kind": "all", "of": [{"kind": "rating_streak", "min": "HTXSNV", "years": 2, "source": "Điều 39 Nghị định 91/2017/NĐ-CP"}, {"kind": "initiative", "min_level": "grassroots", "within_years": 2, "count": 2, "source": "Điều 39 Nghị định 91/2017/NĐ-CP"}]}, {"kind": "manual", "text_vi": "Có thành tích xuất sắc, tiêu biểu hoặc đột xuất được bình xét", "text_en": "An outstanding, exemplary or unexpected achievement recognised in review", "source": "Điều 39 Nghị định 91/2017/NĐ-CP"}], "source": "Điều 39 Nghị định 91/2017/NĐ-CP"}]}'::jsonb
  WHERE code = 'BK_TINH' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "award_received", "title": "BK_TINH", "within_years": 10, "source": "Điều 38 Nghị định 91/2017/NĐ-CP"}, {"kind": "rating_streak", "min": "HTTNV", "years": 5, "source": "Điều 38 Nghị định 91/2017/NĐ-CP"}, {"kind": "title_count", "title": "CSTDCS", "within_years": 5, "count": 3, "source": "Điều 38 Nghị định 91/2017/NĐ-CP"}, {"kind": "not_under_review", "source": "Điều 7 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}]}'::jsonb
  WHERE code = 'BK_TTG' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "rating_at_least", "min": "HTTNV", "source": "Khoản 1 Điều 24 Luật Thi đua, khen thưởng 2022"}, {"kind": "registered", "source": "Khoản 1 Điều 24 Luật Thi đua, khen thưởng 2022 (tích cực tham gia phong trào thi đua)"}, {"kind": "months_worked", "min": 6, "source": "Khoản 3 Điều 24 Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP"}, {"kind": "not_disciplined", "min_level": "REPRIMAND", "source": "Nghị định 98/2023/NĐ-CP"}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 98/2023/NĐ-CP"}]}'::jsonb
  WHERE code = 'LDTT' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "meets", "title": "LDTT", "source": "Điều 23 Luật Thi đua, khen thưởng 2022"}, {"kind": "any", "of": [{"kind": "rating_at_least", "min": "HTXSNV", "source": "Điều 23 Luật Thi đua, khen thưởng 2022"}, {"kind": "initiative", "min_level": "grassroots", "within_years": 1, "count": 1, "source": "Điều 23 Luật Thi đua, khen thưởng 2022"}], "source": "Điều 23 Luật Thi đua, khen thưởng 2022"}]}'::jsonb
  WHERE code = 'CSTDCS' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "title_streak", "title": "CSTDCS", "years": 3, "source": "Điều 22 Luật Thi đua, khen thưởng 2022"}, {"kind": "initiative", "min_level": "province", "within_years": 3, "count": 1, "source": "Điều 22 Luật Thi đua, khen thưởng 2022"}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 98/2023/NĐ-CP"}]}'::jsonb
  WHERE code = 'CSTD_TINH' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTTNV", "source": "Điều 28 Luật Thi đua, khen thưởng 2022"}, {"kind": "registered", "source": "Điều 28 Luật Thi đua, khen thưởng 2022"}, {"kind": "members_share_with_title", "title": "LDTT", "min_pct": 50, "strictly_more": true, "source": "Điều 28 Luật Thi đua, khen thưởng 2022"}]}'::jsonb
  WHERE code = 'TTLDTT' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điều 27 Luật Thi đua, khen thưởng 2022"}, {"kind": "members_all_rating_at_least", "min": "HTNV", "source": "Điều 27 Luật Thi đua, khen thưởng 2022"}, {"kind": "members_share_with_title", "title": "LDTT", "min_pct": 70, "strictly_more": false, "source": "Điều 27 Luật Thi đua, khen thưởng 2022"}, {"kind": "members_with_title_at_least", "title": "CSTDCS", "count": 1, "source": "Điều 27 Luật Thi đua, khen thưởng 2022"}, {"kind": "quota", "of_title": "TTLDTT", "max_pct": 20, "source": "Thông tư 18/2023/TT-BTNMT (tỷ lệ của ngành, CONFIGURABLE)"}]}'::jsonb
  WHERE code = 'TTLDXS' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điều 26 Luật Thi đua, khen thưởng 2022"}, {"kind": "manual", "text_vi": "Là tập thể tiêu biểu xuất sắc, dẫn đầu cụm, khối thi đua", "text_en": "An outstanding collective leading its emulation cluster", "source": "Điều 26 Luật Thi đua, khen thưởng 2022"}]}'::jsonb
  WHERE code = 'CO_TD' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "rating_at_least", "min": "HTTNV", "source": "Khoản 2 Điều 75 Luật Thi đua, khen thưởng 2022"}, {"kind": "not_disciplined", "min_level": "REPRIMAND", "source": "Nghị định 98/2023/NĐ-CP"}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 98/2023/NĐ-CP"}, {"kind": "manual", "text_vi": "Có thành tích theo tiêu chuẩn Giấy khen của Bộ, tỉnh", "text_en": "An achievement meeting the ministry''s or province''s criteria for the certificate", "source": "Khoản 2 Điều 75 Luật Thi đua, khen thưởng 2022; Thông tư 18/2023/TT-BTNMT"}]}'::jsonb
  WHERE code = 'GIAYKHEN' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "not_under_review", "source": "Điều 4 Nghị định 98/2023/NĐ-CP"}, {"kind": "any", "of": [{"kind": "title_streak", "title": "CSTDCS", "years": 2, "source": "Điểm b khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}, {"kind": "all", "of": [{"kind": "rating_streak", "min": "HTXSNV", "years": 2, "source": "Điểm c khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}, {"kind": "initiative", "min_level": "grassroots", "within_years": 2, "count": 2, "source": "Điểm c khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}]}, {"kind": "manual", "text_vi": "Có thành tích xuất sắc, tiêu biểu hoặc đột xuất được bình xét", "text_en": "An outstanding, exemplary or unexpected achievement recognised in review", "source": "Điểm a khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}], "source": "Khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}]}'::jsonb
  WHERE code = 'BK_TINH' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "award_received", "title": "BK_TINH", "within_years": 10, "source": "Điểm b khoản 1 Điều 73 Luật Thi đua, khen thưởng 2022"}, {"kind": "rating_streak", "min": "HTTNV", "years": 5, "source": "Điểm b khoản 1 Điều 73 Luật Thi đua, khen thưởng 2022"}, {"kind": "title_count", "title": "CSTDCS", "within_years": 5, "count": 3, "source": "Điểm b khoản 1 Điều 73 Luật Thi đua, khen thưởng 2022"}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 98/2023/NĐ-CP"}]}'::jsonb
  WHERE code = 'BK_TTG' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "rating_at_least", "min": "HTTNV", "source": "Khoản 1 Điều 24 Luật Thi đua, khen thưởng 2022"}, {"kind": "registered", "source": "Khoản 1 Điều 24 Luật Thi đua, khen thưởng 2022 (tích cực tham gia phong trào thi đua)"}, {"kind": "months_worked", "min": 6, "source": "Khoản 3 Điều 24 Luật Thi đua, khen thưởng 2022; Nghị định 152/2025/NĐ-CP"}, {"kind": "not_disciplined", "min_level": "REPRIMAND", "source": "Nghị định 152/2025/NĐ-CP"}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 152/2025/NĐ-CP"}]}'::jsonb
  WHERE code = 'LDTT' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "meets", "title": "LDTT", "source": "Điều 23 Luật Thi đua, khen thưởng 2022"}, {"kind": "any", "of": [{"kind": "rating_at_least", "min": "HTXSNV", "source": "Điều 23 Luật Thi đua, khen thưởng 2022"}, {"kind": "initiative", "min_level": "grassroots", "within_years": 1, "count": 1, "source": "Điều 23 Luật Thi đua, khen thưởng 2022"}], "source": "Điều 23 Luật Thi đua, khen thưởng 2022"}]}'::jsonb
  WHERE code = 'CSTDCS' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "title_streak", "title": "CSTDCS", "years": 3, "source": "Điều 22 Luật Thi đua, khen thưởng 2022"}, {"kind": "initiative", "min_level": "province", "within_years": 3, "count": 1, "source": "Điều 22 Luật Thi đua, khen thưởng 2022"}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 152/2025/NĐ-CP"}]}'::jsonb
  WHERE code = 'CSTD_TINH' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTTNV", "source": "Điều 28 Luật Thi đua, khen thưởng 2022"}, {"kind": "registered", "source": "Điều 28 Luật Thi đua, khen thưởng 2022"}, {"kind": "members_share_with_title", "title": "LDTT", "min_pct": 50, "strictly_more": true, "source": "Điều 28 Luật Thi đua, khen thưởng 2022"}]}'::jsonb
  WHERE code = 'TTLDTT' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điều 27 Luật Thi đua, khen thưởng 2022"}, {"kind": "members_all_rating_at_least", "min": "HTNV", "source": "Điều 27 Luật Thi đua, khen thưởng 2022"}, {"kind": "members_share_with_title", "title": "LDTT", "min_pct": 70, "strictly_more": false, "source": "Điều 27 Luật Thi đua, khen thưởng 2022"}, {"kind": "members_with_title_at_least", "title": "CSTDCS", "count": 1, "source": "Điều 27 Luật Thi đua, khen thưởng 2022"}, {"kind": "quota", "of_title": "TTLDTT", "max_pct": 20, "source": "Thông tư 18/2023/TT-BTNMT (tỷ lệ của ngành, CONFIGURABLE)"}]}'::jsonb
  WHERE code = 'TTLDXS' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điều 26 Luật Thi đua, khen thưởng 2022"}, {"kind": "manual", "text_vi": "Là tập thể tiêu biểu xuất sắc, dẫn đầu cụm, khối thi đua", "text_en": "An outstanding collective leading its emulation cluster", "source": "Điều 26 Luật Thi đua, khen thưởng 2022"}]}'::jsonb
  WHERE code = 'CO_TD' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "rating_at_least", "min": "HTTNV", "source": "Khoản 2 Điều 75 Luật Thi đua, khen thưởng 2022"}, {"kind": "not_disciplined", "min_level": "REPRIMAND", "source": "Nghị định 152/2025/NĐ-CP"}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 152/2025/NĐ-CP"}, {"kind": "manual", "text_vi": "Có thành tích theo tiêu chuẩn Giấy khen của Bộ, tỉnh", "text_en": "An achievement meeting the ministry''s or province''s criteria for the certificate", "source": "Khoản 2 Điều 75 Luật Thi đua, khen thưởng 2022; Thông tư 18/2023/TT-BTNMT"}]}'::jsonb
  WHERE code = 'GIAYKHEN' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "not_under_review", "source": "Điều 4 Nghị định 152/2025/NĐ-CP"}, {"kind": "any", "of": [{"kind": "title_streak", "title": "CSTDCS", "years": 2, "source": "Điểm b khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}, {"kind": "all", "of": [{"kind": "rating_streak", "min": "HTXSNV", "years": 2, "source": "Điểm c khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}, {"kind": "initiative", "min_level": "grassroots", "within_years": 2, "count": 2, "source": "Điểm c khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}]}, {"kind": "manual", "text_vi": "Có thành tích xuất sắc, tiêu biểu hoặc đột xuất được bình xét", "text_en": "An outstanding, exemplary or unexpected achievement recognised in review", "source": "Điểm a khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}], "source": "Khoản 1 Điều 74 Luật Thi đua, khen thưởng 2022"}]}'::jsonb
  WHERE code = 'BK_TINH' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "award_received", "title": "BK_TINH", "within_years": 10, "source": "Điểm b khoản 1 Điều 73 Luật Thi đua, khen thưởng 2022"}, {"kind": "rating_streak", "min": "HTTNV", "years": 5, "source": "Điểm b khoản 1 Điều 73 Luật Thi đua, khen thưởng 2022"}, {"kind": "title_count", "title": "CSTDCS", "within_years": 5, "count": 3, "source": "Điểm b khoản 1 Điều 73 Luật Thi đua, khen thưởng 2022"}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 152/2025/NĐ-CP"}]}'::jsonb
  WHERE code = 'BK_TTG' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
