-- The people list in name order as one call: the page (walking people_sort_idx, see migration 2) with
-- its unit and account, and the number of matches (exact from the unit headcounts when nothing but
-- the scope filters, else counted up to cap + 1). One round trip and one cached plan per connection.
CREATE FUNCTION people_list_by_name(scope text[], pats text[], is_active boolean, cat text, cap int8, lim int8, off int8)
    RETURNS TABLE (id bigint, full_name text, gender text, job text, category text, unit_id bigint,
                   unit_name text, unit_code text, start_date date, active boolean, username text, total bigint)
    LANGUAGE plpgsql STABLE
    SET enable_sort = off SET enable_bitmapscan = off
AS $$
#variable_conflict use_column
DECLARE
    n bigint;
BEGIN
    IF cardinality(pats) = 0 AND cat IS NULL AND is_active IS TRUE THEN
        SELECT coalesce(sum(u.active_people), 0) INTO n FROM units u WHERE u.path LIKE ANY(scope);
    ELSE
        SELECT count(*) INTO n FROM (
            SELECT 1 FROM people p JOIN units u ON u.id = p.unit_id
            WHERE u.path LIKE ANY(scope) AND p.search_text LIKE ALL(pats)
              AND (is_active IS NULL OR p.active = is_active) AND (cat IS NULL OR p.category = cat)
            LIMIT cap + 1) s;
    END IF;
    RETURN QUERY
    SELECT p.id, p.full_name::text, p.gender, p.position, p.category, p.unit_id, u.name::text, u.code,
           p.start_date, p.active, a.username, n
    FROM people p
    JOIN units u ON u.id = p.unit_id
    LEFT JOIN users a ON a.person_id = p.id
    WHERE u.path LIKE ANY(scope) AND p.search_text LIKE ALL(pats)
      AND (is_active IS NULL OR p.active = is_active) AND (cat IS NULL OR p.category = cat)
    ORDER BY p.given_name, p.full_name, p.id
    LIMIT lim OFFSET off;
END
$$;

-- superseded by people_list_by_name
DROP FUNCTION people_page_by_name(text[], text[], boolean, text, int8, int8);
