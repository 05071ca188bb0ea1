-- What waits on a signed-in person (the home page's "Việc cần làm", issue 30): one statement, a
-- branch per kind of task, each scoped by the person's grants: `signs` (LIKE patterns of the units
-- whose decisions and submissions they sign), `office` (where they are the Office), `head_units`
-- and `head_scope` (the units they head, and their subtrees), their council seats (by `me`) and
-- their own registration (`person`). A row: the kind, the campaign, what it is about (`target`,
-- `name`), how many items (`n`) and when it falls due (`due_on`, or `days` working days after
-- `since`). `lead_days`: how long before a campaign's proposal deadline its year end begins.
-- A PL/pgSQL function, so that its plans are prepared once per connection (as home_data's), and
-- each role's branches run only for a person who holds the role.
-- The campaigns under way (published, not closed) with their issuer's path: what tasks are about.
CREATE VIEW live_campaigns AS
    SELECT c.id, c.title::text AS title, c.year, c.stage, c.rule_set_id, c.issuer_unit_id,
           iu.path AS ipath, c.registration_opens, c.registration_closes,
           c.proposal_deadline, c.council_meeting
    FROM campaigns c JOIN units iu ON iu.id = c.issuer_unit_id
    WHERE c.stage NOT IN ('draft', 'closed');

CREATE FUNCTION tasks_of(me bigint, person bigint, signs text[], office text[], head_units bigint[],
                         head_scope text[], today date, lead_days int)
    RETURNS TABLE (kind text, campaign_id bigint, campaign text, target bigint, name text, n bigint,
                   due_on date, since timestamptz, days int)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
    -- where the person signs: the drafts to approve, the submissions to sign
    IF cardinality(signs) > 0 THEN
        RETURN QUERY
        SELECT 'approve_decision' AS kind, c.id AS campaign_id, c.title::text AS campaign,
               d.id AS target, ''::text AS name,
               (SELECT count(*) FROM decision_lines x WHERE x.decision_id = d.id) AS n,
               d.decided_on AS due_on, NULL::timestamptz AS since, NULL::int AS days
        FROM decisions d JOIN campaigns c ON c.id = d.campaign_id JOIN units du ON du.id = d.issuer_unit_id
        WHERE d.status = 'draft' AND du.path LIKE ANY(signs) AND d.created_by IS DISTINCT FROM me
        UNION ALL
        SELECT 'send_submission', c.id, c.title::text, s.id, s.recipient,
               (SELECT count(*) FROM submission_lines x WHERE x.submission_id = s.id),
               s.submitted_on, NULL::timestamptz, NULL::int
        FROM submissions s JOIN campaigns c ON c.id = s.campaign_id JOIN units su ON su.id = s.issuer_unit_id
        WHERE s.status = 'draft' AND su.path LIKE ANY(signs);
    END IF;
    -- the approved decisions to issue: the Office's, or the approver's own
    IF cardinality(signs) > 0 OR cardinality(office) > 0 THEN
        RETURN QUERY
        SELECT 'issue_decision', c.id, c.title::text, d.id,
               coalesce(lpad(d.number::text, 2, '0') || '/' || d.doc_code, ''),
               (SELECT count(*) FROM decision_lines x WHERE x.decision_id = d.id),
               d.decided_on, NULL::timestamptz, NULL::int
        FROM decisions d JOIN campaigns c ON c.id = d.campaign_id JOIN units du ON du.id = d.issuer_unit_id
        WHERE d.status = 'approved' AND (du.path LIKE ANY(office) OR d.approved_by = me);
    END IF;
    -- the Office's
    IF cardinality(office) > 0 THEN
        RETURN QUERY
        SELECT 'decide_lines', l.id, l.title, p.id, u.name::text, count(*), NULL::date, p.submitted_at, r.check_days
        FROM proposals p JOIN live_campaigns l ON l.id = p.campaign_id JOIN units u ON u.id = p.unit_id
        JOIN rule_sets r ON r.id = l.rule_set_id
        JOIN proposal_lines pl ON pl.proposal_id = p.id AND pl.status = 'submitted'
        WHERE p.status = 'submitted' AND l.ipath LIKE ANY(office)
        GROUP BY l.id, l.title, p.id, u.name, p.submitted_at, r.check_days
        UNION ALL
        SELECT 'resolve_objections', l.id, l.title, n.id, to_char(n.posted_on, 'DD/MM/YYYY'), count(*), NULL::date, NULL::timestamptz, NULL::int
        FROM notice_comments k JOIN notices n ON n.id = k.notice_id JOIN live_campaigns l ON l.id = n.campaign_id
        WHERE k.kind = 'objection' AND k.outcome IS NULL AND l.ipath LIKE ANY(office)
        GROUP BY l.id, l.title, n.id, n.posted_on
        UNION ALL
        SELECT 'draft_from_notice', l.id, l.title, n.id, to_char(n.posted_on, 'DD/MM/YYYY'), count(*), NULL::date, NULL::timestamptz, NULL::int
        FROM notice_lines nl JOIN notices n ON n.id = nl.notice_id JOIN live_campaigns l ON l.id = n.campaign_id
        WHERE NOT nl.withdrawn AND nl.ends_on < today AND l.ipath LIKE ANY(office)
          AND NOT EXISTS (SELECT 1 FROM decision_lines x WHERE x.line_id = nl.line_id)
          AND NOT EXISTS (SELECT 1 FROM submission_lines x WHERE x.line_id = nl.line_id)
          AND NOT EXISTS (SELECT 1 FROM notice_comments k WHERE k.notice_id = nl.notice_id
                            AND k.line_id = nl.line_id AND k.kind = 'objection' AND k.outcome IS NULL)
        GROUP BY l.id, l.title, n.id, n.posted_on
        UNION ALL
        SELECT 'prepare_meeting', l.id, l.title, m.id, to_char(m.held_on, 'DD/MM/YYYY'),
               (SELECT count(*) FROM council_agenda a WHERE a.meeting_id = m.id), m.held_on, NULL::timestamptz, NULL::int
        FROM council_meetings m JOIN live_campaigns l ON l.id = m.campaign_id
        WHERE m.status = 'draft' AND l.ipath LIKE ANY(office)
        UNION ALL
        SELECT 'schedule_lines', l.id, l.title, l.id, '', count(*), l.council_meeting, NULL::timestamptz, NULL::int
        FROM proposal_lines pl JOIN proposals p ON p.id = pl.proposal_id JOIN live_campaigns l ON l.id = p.campaign_id
        WHERE pl.status = 'accepted' AND l.ipath LIKE ANY(office)
          AND NOT EXISTS (SELECT 1 FROM council_agenda a WHERE a.line_id = pl.id)
        GROUP BY l.id, l.title, l.council_meeting;
    END IF;
    -- a council member's
    IF EXISTS (SELECT 1 FROM council_seats s WHERE s.user_id = me) THEN
        RETURN QUERY
        SELECT 'meeting_agenda', l.id, l.title, m.id, to_char(m.held_on, 'DD/MM/YYYY'),
               (SELECT count(*) FROM council_agenda a WHERE a.meeting_id = m.id), m.held_on, NULL::timestamptz, NULL::int
        FROM council_meetings m JOIN live_campaigns l ON l.id = m.campaign_id
        WHERE m.status = 'draft'
          AND EXISTS (SELECT 1 FROM council_seats s
                      WHERE s.user_id = me AND s.unit_id = l.issuer_unit_id AND s.year = l.year
                        AND s.from_date <= today AND (s.to_date IS NULL OR s.to_date >= today))
          AND EXISTS (SELECT 1 FROM council_agenda a WHERE a.meeting_id = m.id)
        UNION ALL
        SELECT 'cast_ballot', l.id, l.title, m.id, to_char(m.held_on, 'DD/MM/YYYY'), count(*), m.held_on, NULL::timestamptz, NULL::int
        FROM council_meetings m JOIN live_campaigns l ON l.id = m.campaign_id
        JOIN council_attendance t ON t.meeting_id = m.id AND t.user_id = me AND t.present
        JOIN council_agenda a ON a.meeting_id = m.id
        WHERE m.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM council_recusals x WHERE x.meeting_id = m.id AND x.line_id = a.line_id AND x.user_id = me)
          AND NOT EXISTS (SELECT 1 FROM council_votes x WHERE x.meeting_id = m.id AND x.line_id = a.line_id AND x.user_id = me)
          AND NOT EXISTS (SELECT 1 FROM council_ballot_tokens x WHERE x.meeting_id = m.id AND x.line_id = a.line_id AND x.user_id = me)
        GROUP BY l.id, l.title, m.id, m.held_on;
    END IF;
    -- a unit head's
    IF cardinality(head_units) > 0 THEN
        RETURN QUERY
        SELECT 'confirm_registrations', l.id, l.title, l.id, '', sum(k.n)::int8, l.registration_closes, NULL::timestamptz, NULL::int
        FROM registration_counts k JOIN units u ON u.id = k.unit_id JOIN live_campaigns l ON l.id = k.campaign_id
        WHERE k.status = 'submitted' AND u.path LIKE ANY(head_scope)
        GROUP BY l.id, l.title, l.registration_closes
        HAVING sum(k.n) > 0
        UNION ALL
        SELECT 'hold_review', l.id, l.title, u.id, u.name::text, 0::int8, l.proposal_deadline, NULL::timestamptz, NULL::int
        FROM live_campaigns l JOIN units u ON u.id = ANY(head_units) AND u.path LIKE l.ipath || '%'
        LEFT JOIN unit_reviews r ON r.campaign_id = l.id AND r.unit_id = u.id
        WHERE (r.id IS NULL OR r.held_on IS NULL)
          AND ((l.stage = 'year_end_review' OR l.proposal_deadline <= today + lead_days)
               OR EXISTS (SELECT 1 FROM unit_reviews x WHERE x.campaign_id = l.id AND x.held_on IS NOT NULL))
        UNION ALL
        SELECT CASE p.status WHEN 'draft' THEN 'send_proposal' ELSE 'supplement_proposal' END,
               l.id, l.title, p.id, u.name::text,
               (SELECT count(*) FROM proposal_lines x WHERE x.proposal_id = p.id),
               CASE WHEN p.status = 'draft' THEN l.proposal_deadline END,
               CASE WHEN p.status = 'returned' THEN p.returned_at END,
               CASE WHEN p.status = 'returned' THEN r.supplement_days END
        FROM proposals p JOIN live_campaigns l ON l.id = p.campaign_id JOIN units u ON u.id = p.unit_id
        JOIN rule_sets r ON r.id = l.rule_set_id
        WHERE p.status IN ('draft', 'returned') AND p.unit_id = ANY(head_units);
    END IF;
    -- a member of staff's
    IF person IS NOT NULL THEN
        RETURN QUERY
        SELECT CASE WHEN g.id IS NULL THEN 'register' WHEN g.status = 'draft' THEN 'finish_registration'
                    ELSE 'fix_registration' END,
               l.id, l.title, l.id, ''::text, 0::int8, l.registration_closes, NULL::timestamptz, NULL::int
        FROM live_campaigns l JOIN people pp ON pp.id = person AND pp.active JOIN units pu ON pu.id = pp.unit_id
        LEFT JOIN registrations g ON g.campaign_id = l.id AND g.person_id = person
        WHERE pu.path LIKE l.ipath || '%'
          AND (g.status IN ('draft', 'returned')
               OR (g.id IS NULL AND l.stage IN ('published', 'registration_open')
                   AND coalesce(l.registration_opens <= today, l.stage = 'registration_open')
                   AND (l.registration_closes IS NULL OR l.registration_closes >= today)
                   AND NOT coalesce(l.proposal_deadline <= today, false)))
        UNION ALL
        SELECT 'self_assess', l.id, l.title, g.id, '', count(*), l.proposal_deadline, NULL::timestamptz, NULL::int
        FROM registrations g JOIN live_campaigns l ON l.id = g.campaign_id
        JOIN registration_commitments rc ON rc.registration_id = g.id
        WHERE g.person_id = person AND g.status = 'confirmed' AND rc.final_result IS NULL
          AND (l.stage = 'year_end_review' OR l.proposal_deadline <= today + lead_days)
        GROUP BY l.id, l.title, g.id, l.proposal_deadline;
    END IF;
END
$$;

-- The home page keeps each person's tasks in memory at the data versions they read: what the tasks
-- read beyond proposals, reviews and registrations (the decisions and submissions, the council's
-- seats, meetings, attendance, recusals and votes, the notices and their comments) now bumps the
-- proposals version too. Only the changes a task reads: a submission's pack progress, say, does not.
CREATE TRIGGER decisions_proposals_version AFTER INSERT OR DELETE OR UPDATE OF status, decided_on
    ON decisions FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER decision_lines_proposals_version AFTER INSERT OR DELETE OR TRUNCATE ON decision_lines
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER submissions_proposals_version AFTER INSERT OR DELETE OR UPDATE OF status, submitted_on
    ON submissions FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER submission_lines_proposals_version AFTER INSERT OR DELETE OR TRUNCATE ON submission_lines
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER council_seats_proposals_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON council_seats
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER council_meetings_proposals_version AFTER INSERT OR DELETE OR UPDATE OF status, held_on
    ON council_meetings FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER council_attendance_proposals_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON council_attendance
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER council_recusals_proposals_version AFTER INSERT OR DELETE OR TRUNCATE ON council_recusals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER council_votes_proposals_version AFTER INSERT OR DELETE OR TRUNCATE ON council_votes
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER council_ballot_tokens_proposals_version AFTER INSERT OR DELETE OR TRUNCATE ON council_ballot_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER notices_proposals_version AFTER INSERT OR DELETE OR TRUNCATE ON notices
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER notice_lines_proposals_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON notice_lines
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER notice_comments_proposals_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON notice_comments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
