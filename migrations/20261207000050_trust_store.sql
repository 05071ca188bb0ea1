-- Issue 28, 1: what a signed decision's signature is checked against.
-- The trust store: the CA certificates the organisation trusts (the Government's certification
-- authority chain, licensed public CAs) and the revocation lists of their issuers, loaded as files by
-- an administrator (no outside network is assumed). A CRL's "subject" is its issuer; its validity is
-- thisUpdate .. nextUpdate.
CREATE TABLE trust_anchors (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('ca', 'crl')),
    der         bytea NOT NULL,
    sha256      text NOT NULL UNIQUE,
    subject     text NOT NULL,
    issuer      text NOT NULL,
    valid_from  timestamptz,
    valid_to    timestamptz,
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 300),
    added_by    bigint REFERENCES users(id),
    added_at    timestamptz NOT NULL DEFAULT now()
);

-- The signing certificates pinned to a person's account: a decision is issued only with a signature
-- made by one of its approver's confirmed certificates. An administrator registers one (confirmed at
-- once) or confirms one proposed when it was first used on a decision.
CREATE TABLE signer_certificates (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    der           bytea NOT NULL,
    sha256        text NOT NULL,
    subject       text NOT NULL,
    issuer        text NOT NULL,
    serial        text NOT NULL,
    valid_from    timestamptz NOT NULL,
    valid_to      timestamptz NOT NULL,
    status        text NOT NULL CHECK (status IN ('proposed', 'confirmed')),
    registered_by bigint REFERENCES users(id),
    registered_at timestamptz NOT NULL DEFAULT now(),
    confirmed_by  bigint REFERENCES users(id),
    confirmed_at  timestamptz,
    UNIQUE (user_id, sha256),
    CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL))
);
CREATE INDEX signer_certificates_user ON signer_certificates (user_id);
