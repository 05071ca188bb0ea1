-- Exemplars (gương điển hình tiên tiến): unit heads nominate an outstanding person or collective
-- with their story and achievements (and photos); the Office curates the nominations; the
-- Director chooses which to praise, which to replicate, and which to send to the province's
-- Department of Home Affairs for publicity.
CREATE TABLE exemplars (
    id               bigserial PRIMARY KEY,
    campaign_id      bigint NOT NULL REFERENCES campaigns(id),
    -- the nominating unit (its head nominates)
    unit_id          bigint NOT NULL REFERENCES units(id),
    -- a person, or (NULL) the nominating unit as a collective
    person_id        bigint REFERENCES people(id),
    story            text NOT NULL CHECK (length(story) BETWEEN 1 AND 20000),
    achievements     text NOT NULL DEFAULT '' CHECK (length(achievements) <= 20000),
    -- nominated by the unit; shortlisted or declined by the Office; chosen by the Director
    status           text NOT NULL DEFAULT 'nominated'
        CHECK (status IN ('nominated', 'shortlisted', 'declined', 'chosen')),
    office_note      text NOT NULL DEFAULT '' CHECK (length(office_note) <= 2000),
    praise           boolean NOT NULL DEFAULT false,
    replicate        boolean NOT NULL DEFAULT false,
    send_province    boolean NOT NULL DEFAULT false,
    decided_by       bigint REFERENCES users(id),
    decided_at       timestamptz,
    version          int NOT NULL DEFAULT 1,
    created_by       bigint REFERENCES users(id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'chosen' OR praise OR replicate OR send_province)
);
CREATE UNIQUE INDEX exemplars_person_key ON exemplars (campaign_id, person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX exemplars_unit_key ON exemplars (campaign_id, unit_id) WHERE person_id IS NULL;
CREATE INDEX exemplars_campaign_idx ON exemplars (campaign_id, status);

-- An exemplar's photos are documents too.
ALTER TABLE documents ADD COLUMN exemplar_id bigint REFERENCES exemplars(id) ON DELETE CASCADE;
ALTER TABLE documents DROP CONSTRAINT documents_check;
ALTER TABLE documents ADD CONSTRAINT documents_one_owner
    CHECK (num_nonnulls(review_id, line_id, exemplar_id) = 1);
CREATE INDEX documents_exemplar_idx ON documents (exemplar_id) WHERE exemplar_id IS NOT NULL;
