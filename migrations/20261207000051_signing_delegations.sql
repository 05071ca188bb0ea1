-- Issue 28, 1: signing authority as data. The Director of a unit signs its award decisions; a
-- deputy signs "KT. GIÁM ĐỐC" only under a delegation recorded here: for the unit's decisions,
-- dated (the decision's date within it), for some campaign kinds or all, on a basis (the
-- assignment decision), revocable. A decision approved under a delegation keeps which one.
CREATE TABLE signing_delegations (
    id             bigserial PRIMARY KEY,
    issuer_unit_id bigint NOT NULL REFERENCES units(id),
    delegate_id    bigint NOT NULL REFERENCES users(id),
    valid_from     date NOT NULL,
    valid_to       date NOT NULL,
    -- the campaign kinds it covers ('annual', 'thematic'); empty: every kind
    kinds          text[] NOT NULL DEFAULT '{}',
    basis          text NOT NULL CHECK (length(basis) BETWEEN 1 AND 500),
    created_by     bigint REFERENCES users(id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_by     bigint REFERENCES users(id),
    revoked_at     timestamptz,
    CHECK (valid_to >= valid_from),
    CHECK (kinds <@ ARRAY['annual', 'thematic']::text[])
);
CREATE INDEX signing_delegations_delegate ON signing_delegations (delegate_id);

ALTER TABLE decisions ADD COLUMN delegation_id bigint REFERENCES signing_delegations(id);
