-- The same page function in PL/pgSQL: its plan is cached per connection instead of being made at
-- every call (about 0.2 ms less per people page).
CREATE OR REPLACE FUNCTION people_page_by_name(scope text[], pats text[], is_active boolean, cat text, lim int8, off int8)
    RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE
    SET enable_sort = off SET enable_bitmapscan = off
AS $$
BEGIN
    RETURN QUERY
    SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id
    WHERE u.path LIKE ANY(scope)
      AND p.search_text LIKE ALL(pats)
      AND (is_active IS NULL OR p.active = is_active)
      AND (cat IS NULL OR p.category = cat)
    ORDER BY p.given_name, p.full_name, p.id
    LIMIT lim OFFSET off;
END
$$;
