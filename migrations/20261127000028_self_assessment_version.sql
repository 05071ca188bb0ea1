-- The review page shows each member's self-assessment (the results of their commitments) beside the
-- scores; it is kept at the proposals version, which the results bump too. Only a change to the
-- results fires it: the mid-year progress posts set other columns.
CREATE TRIGGER commitment_results_version
    AFTER UPDATE OF final_result, final_figure, final_note ON registration_commitments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
