-- Certificates as a Department issues them (issue 27).
--
-- Whether a title or a commendation comes with a printed certificate is the regime's setting: the
-- texts give a "Bằng chứng nhận" to Chiến sĩ thi đua (cơ sở, bộ/tỉnh, toàn quốc) and Tập thể lao
-- động xuất sắc, a certificate (Giấy khen, Bằng khen) to each form of commendation, and none to Lao
-- động tiên tiến or Tập thể lao động tiên tiến (MOHA, 14/11/2023: "chỉ quy định mức tiền thưởng
-- kèm theo"; ND 98/2023 Art. 54; ND 91/2017 Art. 69; docs/LEGAL-SOURCES.md §18). A Department that
-- prints one anyway turns it on. A title is never printed as a "Giấy khen".
ALTER TABLE titles ADD COLUMN certificate text NOT NULL DEFAULT 'none'
    CHECK (certificate IN ('none', 'recognition', 'commendation'));
UPDATE titles SET certificate = 'commendation' WHERE form = 'commendation';
UPDATE titles SET certificate = 'recognition'
 WHERE code IN ('CSTDCS', 'CSTD_TINH', 'CSTD_TQ', 'CSTD_BO', 'TTLDXS');

-- The award register (sổ khen thưởng): every award an issuer's decision enters, and every
-- certificate it issues again, takes the next line of the issuer's register of the year; the
-- certificate prints it ("Số sổ").
CREATE TABLE award_register_counters (
    issuer_unit_id bigint NOT NULL REFERENCES units(id),
    year           int NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    last           int NOT NULL DEFAULT 0 CHECK (last >= 0),
    PRIMARY KEY (issuer_unit_id, year)
);
ALTER TABLE award_history ADD COLUMN register_no int CHECK (register_no > 0);
-- the awards already issued by the app, in the order of their decisions
WITH n AS (
    SELECT h.id, d.issuer_unit_id, extract(year FROM d.decided_on)::int AS y,
           row_number() OVER (PARTITION BY d.issuer_unit_id, extract(year FROM d.decided_on)
                              ORDER BY d.number, h.id) AS rn
      FROM award_history h JOIN decisions d ON d.id = h.decision_id
     WHERE h.source = 'app')
UPDATE award_history h SET register_no = n.rn FROM n WHERE n.id = h.id;
INSERT INTO award_register_counters (issuer_unit_id, year, last)
SELECT d.issuer_unit_id, extract(year FROM d.decided_on)::int, max(h.register_no)
  FROM award_history h JOIN decisions d ON d.id = h.decision_id
 WHERE h.register_no IS NOT NULL
 GROUP BY 1, 2;

-- A certificate issued again (cấp lại: lost; cấp đổi: damaged), with its own register line.
CREATE TABLE certificate_reissues (
    id             bigserial PRIMARY KEY,
    award_id       bigint NOT NULL REFERENCES award_history(id),
    kind           text NOT NULL CHECK (kind IN ('reissue', 'exchange')),
    reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    issuer_unit_id bigint NOT NULL REFERENCES units(id),
    year           int NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    register_no    int NOT NULL CHECK (register_no > 0),
    issued_on      date NOT NULL,
    created_by     bigint REFERENCES users(id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (issuer_unit_id, year, register_no)
);
CREATE INDEX certificate_reissues_award_idx ON certificate_reissues (award_id);
