-- Ad-hoc commendations (khen thưởng thành tích đột xuất, by the simplified procedure: Law 2003 and
-- Law 2022 Art. 85, ND 91/2017 Art. 55, ND 98/2023 detailing Art. 85(2)). A line failing a title's
-- conditions is no longer sent with a justification: an exceptional achievement is proposed as
-- such, for a form of commendation, with the shorter dossier (a summary of the achievement
-- confirmed by the head: ND 91 Mẫu 06; the provinces' procedures under ND 98).

-- The papers a form's ad-hoc dossier asks for; NULL: the form is not given for an exceptional
-- achievement (the emulation titles are earned over a year, never ad hoc).
ALTER TABLE titles ADD COLUMN adhoc_documents text[];
UPDATE titles SET adhoc_documents = '{achievement_summary}' WHERE form = 'commendation';

-- The exceptional achievement a line is proposed for; NULL for a line of the campaign's review.
ALTER TABLE proposal_lines ADD COLUMN achievement text
    CHECK (achievement IS NULL OR length(btrim(achievement)) BETWEEN 1 AND 4000);

CREATE TRIGGER titles_adhoc_documents_version AFTER UPDATE OF adhoc_documents ON titles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();

-- The summary may be uploaded signed, like the other papers.
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('review_minutes',
    'achievement_report', 'initiative_certificate', 'achievement_certification', 'photo', 'other',
    'written_vote', 'signed_decision', 'dossier_pack', 'achievement_summary'));
