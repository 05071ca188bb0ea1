-- Where an issuer's certificates (Giấy khen) are printed on its pre-printed paper: the page's size
-- and each field's anchor in millimetres, its size in points and its alignment, as the Office
-- measured them (domain::certificate::Layout as JSON). An issuer without a row prints at the
-- default positions for A4 landscape.
CREATE TABLE certificate_layouts (
    issuer_unit_id bigint PRIMARY KEY REFERENCES units(id),
    layout         jsonb NOT NULL,
    version        int NOT NULL DEFAULT 1,
    updated_by     bigint REFERENCES users(id),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
