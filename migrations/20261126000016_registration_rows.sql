-- A registration as the pages show it (its unit, person, title and reviewer by name): one
-- definition for every query that reads one (src/db/registrations.rs).
CREATE VIEW registration_rows AS
SELECT r.id, r.campaign_id, r.person_id, p.full_name::text AS person_name, r.unit_id,
       u.name::text AS unit_name, u.path AS unit_path, r.title_id, t.code AS title_code,
       t.name_vi AS title_vi, t.name_en AS title_en, r.status, r.submitted_at, r.late,
       ru.display_name AS reviewed_by_name, r.reviewed_at, r.review_comment, r.version, r.updated_at
  FROM registrations r
  JOIN units u ON u.id = r.unit_id
  LEFT JOIN people p ON p.id = r.person_id
  LEFT JOIN titles t ON t.id = r.title_id
  LEFT JOIN users ru ON ru.id = r.reviewed_by;
