-- Headcounts kept on the unit rows, so that pages show them without counting people per request.
-- Maintained by statement-level triggers (one UPDATE per statement, however many rows it touched).
ALTER TABLE units ADD COLUMN active_people int NOT NULL DEFAULT 0;
UPDATE units u SET active_people = (SELECT count(*) FROM people p WHERE p.unit_id = u.id AND p.active);

CREATE FUNCTION people_counts_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE units u SET active_people = u.active_people + d.n
    FROM (SELECT unit_id, count(*)::int AS n FROM new_rows WHERE active GROUP BY unit_id) d
    WHERE u.id = d.unit_id;
    RETURN NULL;
END $$;

CREATE FUNCTION people_counts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE units u SET active_people = u.active_people + d.n
    FROM (SELECT unit_id, sum(n)::int AS n FROM (
              SELECT unit_id, count(*) AS n FROM new_rows WHERE active GROUP BY unit_id
              UNION ALL
              SELECT unit_id, -count(*) AS n FROM old_rows WHERE active GROUP BY unit_id) x
          GROUP BY unit_id) d
    WHERE u.id = d.unit_id AND d.n <> 0;
    RETURN NULL;
END $$;

CREATE FUNCTION people_counts_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE units u SET active_people = u.active_people - d.n
    FROM (SELECT unit_id, count(*)::int AS n FROM old_rows WHERE active GROUP BY unit_id) d
    WHERE u.id = d.unit_id;
    RETURN NULL;
END $$;

CREATE TRIGGER people_counts_ins AFTER INSERT ON people
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_counts_after_insert();
CREATE TRIGGER people_counts_upd AFTER UPDATE ON people
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_counts_after_update();
CREATE TRIGGER people_counts_del AFTER DELETE ON people
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION people_counts_after_delete();

-- One page of people in name order (given name, then full name) for a whole scope. The planner
-- underestimates how many rows a diacritics-free LIKE matches and would sort every match; walking
-- people_sort_idx and stopping after one page is what works, so this function asks for exactly that.
CREATE FUNCTION people_page_by_name(scope text[], pats text[], is_active boolean, cat text, lim int8, off int8)
    RETURNS SETOF bigint
    LANGUAGE sql STABLE
    SET enable_sort = off SET enable_bitmapscan = off
AS $$
    SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id
    WHERE u.path LIKE ANY(scope)
      AND p.search_text LIKE ALL(pats)
      AND (is_active IS NULL OR p.active = is_active)
      AND (cat IS NULL OR p.category = cat)
    ORDER BY p.given_name, p.full_name, p.id
    LIMIT lim OFFSET off
$$;
