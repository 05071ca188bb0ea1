-- A person is proposed for a title once per campaign, whichever unit proposes them (a unit and its
-- parent both review the people of the child): the campaign is kept on each line, set from its
-- proposal, so that a unique index can hold the rule under concurrent inserts, which a NOT EXISTS
-- check in the insert alone did not.
ALTER TABLE proposal_lines ADD COLUMN campaign_id bigint REFERENCES campaigns(id);
UPDATE proposal_lines l SET campaign_id = p.campaign_id FROM proposals p WHERE p.id = l.proposal_id;
ALTER TABLE proposal_lines ALTER COLUMN campaign_id SET NOT NULL;

CREATE FUNCTION proposal_line_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.campaign_id := (SELECT campaign_id FROM proposals WHERE id = NEW.proposal_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER proposal_lines_campaign BEFORE INSERT OR UPDATE OF proposal_id ON proposal_lines
    FOR EACH ROW EXECUTE FUNCTION proposal_line_campaign();

CREATE UNIQUE INDEX proposal_lines_campaign_person_key ON proposal_lines (campaign_id, person_id, title_id)
    WHERE person_id IS NOT NULL;
