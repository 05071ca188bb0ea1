-- Imports of ratings and award history use the same preview-then-import jobs as people.
ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_kind_check;
ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_kind_check CHECK (kind IN ('people', 'ratings', 'awards'));
-- rows already there with the same values (re-importing a file changes nothing)
ALTER TABLE import_jobs ADD COLUMN unchanged_rows int NOT NULL DEFAULT 0;
