-- Application servers keep campaigns (the plan and its header) and the rule sets' titles in memory,
-- like the people directory: this version is bumped in the same transaction as any change to them
-- (or to the units whose names and paths a campaign shows), and every request reads it with the session.
INSERT INTO data_versions (name) VALUES ('campaigns');

CREATE FUNCTION bump_campaigns_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'campaigns';
    RETURN NULL;
END
$$;

CREATE TRIGGER campaigns_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaigns
    FOR EACH STATEMENT EXECUTE FUNCTION bump_campaigns_version();
CREATE TRIGGER campaign_items_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaign_items
    FOR EACH STATEMENT EXECUTE FUNCTION bump_campaigns_version();
CREATE TRIGGER rule_sets_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rule_sets
    FOR EACH STATEMENT EXECUTE FUNCTION bump_campaigns_version();
CREATE TRIGGER titles_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON titles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_campaigns_version();
CREATE TRIGGER units_campaigns_version AFTER INSERT OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION bump_campaigns_version();
CREATE TRIGGER units_campaigns_version_update AFTER UPDATE OF name, code, path, parent_id, valid_to ON units
    FOR EACH STATEMENT EXECUTE FUNCTION bump_campaigns_version();

-- A person's registrations by a plain index: generic plans (prepared statements) do not use the partial
-- unique index for "person_id = $1" and scanned the table (1 ms at 10,000 registrations).
CREATE INDEX registrations_person_idx ON registrations (person_id, campaign_id);

-- The home page's one query, as a function so that its plan is prepared once per connection and
-- reused (force_generic_plan): planned afresh at every call (PostgreSQL chose custom plans once the
-- accounts table had grown), it cost about 1 ms of planning per page view.
CREATE FUNCTION home_data(read_scope text[], person bigint, unit bigint, unit_path text, manage text[],
                          head_scope text[], admin boolean, want_campaigns boolean)
    RETURNS TABLE (units bigint, people bigint, people_in_scope bigint, "position" text, unit_name text,
                   accounts json, campaigns json)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_variable
BEGIN
    RETURN QUERY
SELECT -- the organisation's figures are shown to those who read people (not to staff)
                  CASE WHEN cardinality(read_scope) > 0 THEN
                    (SELECT count(*) FROM units WHERE valid_to IS NULL OR valid_to >= current_date) ELSE 0 END AS units,
                  CASE WHEN cardinality(read_scope) > 0 THEN
                    (SELECT coalesce(sum(active_people), 0)::int8 FROM units) ELSE 0 END AS people,
                  CASE WHEN cardinality(read_scope) > 0 THEN
                    (SELECT coalesce(sum(active_people), 0)::int8 FROM units WHERE path LIKE ANY(read_scope)) ELSE 0 END AS people_in_scope,
                  (SELECT p.position FROM people p WHERE p.id = person) AS position,
                  (SELECT u.name::text FROM units u WHERE u.id = unit) AS unit_name,
                  CASE WHEN admin THEN
                    (SELECT json_build_object('accounts', count(*),
                                              'disabled', count(*) FILTER (WHERE NOT active),
                                              'must_change', count(*) FILTER (WHERE must_change_password AND active),
                                              'no_role', count(*) - (SELECT count(DISTINCT user_id) FROM user_roles))
                     FROM users) END AS accounts,
                  CASE WHEN want_campaigns THEN
                    (SELECT coalesce(json_agg(x ORDER BY x.year DESC, x.id DESC), '[]'::json) FROM (
                       SELECT c.id, c.title, c.year, c.stage, iu.path AS issuer_path,
                              json_build_object('registration_opens', c.registration_opens,
                                                'registration_closes', c.registration_closes,
                                                'midyear_review', c.midyear_review,
                                                'proposal_deadline', c.proposal_deadline,
                                                'council_meeting', c.council_meeting,
                                                'decision_date', c.decision_date) AS timeline,
                              r.status AS my_status, r.late AS my_late,
                              CASE WHEN cardinality(head_scope) > 0 THEN
                                (SELECT coalesce(sum(k.n), 0)::int8 FROM registration_counts k JOIN units u ON u.id = k.unit_id
                                  WHERE k.campaign_id = c.id AND k.status = 'submitted' AND u.path LIKE ANY(head_scope)) ELSE 0 END AS pending,
                              CASE WHEN iu.path LIKE ANY(manage) THEN
                                (SELECT coalesce(sum(k.n), 0)::int8 FROM registration_counts k
                                  WHERE k.campaign_id = c.id AND k.status IN ('submitted', 'returned', 'confirmed')) ELSE 0 END AS registered,
                              CASE WHEN iu.path LIKE ANY(manage) THEN
                                (SELECT coalesce(sum(u.active_people), 0)::int8 FROM units u WHERE u.path LIKE iu.path || '%') ELSE 0 END AS people,
                              CASE WHEN iu.path LIKE ANY(manage) THEN
                                (SELECT count(*) FROM registrations x WHERE x.campaign_id = c.id AND x.late AND x.person_id IS NOT NULL) ELSE 0 END AS late
                       FROM campaigns c
                       JOIN units iu ON iu.id = c.issuer_unit_id
                       LEFT JOIN registrations r ON r.campaign_id = c.id AND r.person_id = person
                       WHERE c.stage NOT IN ('draft', 'closed')
                         AND ((unit_path::text IS NOT NULL AND unit_path LIKE iu.path || '%') OR iu.path LIKE ANY(manage)
                              OR EXISTS (SELECT 1 FROM unnest(head_scope::text[]) h WHERE h LIKE iu.path || '%'))
                       ORDER BY c.year DESC, c.id DESC
                       LIMIT 3) x) END AS campaigns;
END
$$;

-- The administrators' account figures on the home page are cached by each server under the 'people'
-- version: changes to accounts' state and roles bump it too.
CREATE TRIGGER users_state_version AFTER UPDATE OF active, must_change_password ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER user_roles_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
