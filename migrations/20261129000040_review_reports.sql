-- The draft reports' texts (báo cáo tổng kết phong trào thi đua): the parts the Office writes around
-- the figures, per campaign and kind (the year-end report now; the mid-year one later), versioned
-- for stale saves. Changes are audited as entity 'review_report', id '<campaign>:<kind>'.
CREATE TABLE review_reports (
    campaign_id  bigint NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('mid_year', 'year_end')),
    results      text NOT NULL DEFAULT '' CHECK (length(results) <= 20000),
    shortcomings text NOT NULL DEFAULT '' CHECK (length(shortcomings) <= 20000),
    direction    text NOT NULL DEFAULT '' CHECK (length(direction) <= 20000),
    version      int NOT NULL DEFAULT 1,
    updated_by   bigint REFERENCES users(id),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, kind)
);
