-- The Department's award decisions (quyết định khen thưởng). A decision is drafted by the Office
-- from lines whose notice is over with no objection open and whose title the Director decides;
-- the Director approves it, which takes the next number of the issuing unit's register for the
-- year (a counter row updated in the approving transaction: no gaps, no two decisions with one
-- number) and fixes the cash at the base salary in force on the decision's date.

-- The legal bases (Căn cứ) a decision under the regime cites, one per line.
ALTER TABLE rule_sets ADD COLUMN decision_bases text NOT NULL DEFAULT '' CHECK (length(decision_bases) <= 4000);
UPDATE rule_sets SET decision_bases = CASE code
    WHEN 'ND91_2017' THEN E'Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013;\nCăn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;'
    WHEN 'LUAT2022_ND98' THEN E'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;'
    WHEN 'ND152_2025' THEN E'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;'
    ELSE '' END;

CREATE TABLE decision_counters (
    issuer_unit_id bigint NOT NULL REFERENCES units(id),
    year           int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    last           int NOT NULL DEFAULT 0 CHECK (last >= 0),
    PRIMARY KEY (issuer_unit_id, year)
);

CREATE TABLE decisions (
    id              bigserial PRIMARY KEY,
    campaign_id     bigint NOT NULL REFERENCES campaigns(id),
    issuer_unit_id  bigint NOT NULL REFERENCES units(id),
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'issued')),
    decided_on      date NOT NULL,
    -- the register's year and number, taken when the Director approves
    year            int,
    number          int CHECK (number > 0),
    -- "QĐ-STNMT"
    doc_code        text NOT NULL CHECK (length(doc_code) BETWEEN 1 AND 40),
    -- "Xét đề nghị của ..."
    proposer        text NOT NULL CHECK (length(proposer) BETWEEN 1 AND 300),
    -- the signature block: the Director, or a deputy signing for the Director (KT.)
    signer_deputy   boolean NOT NULL DEFAULT false,
    signer_name     text NOT NULL DEFAULT '',
    -- the base salary in force on the decision's date, copied at approval (cash = multiple × it)
    base_salary     numeric(14, 0),
    amends_id       bigint REFERENCES decisions(id),
    approved_by     bigint REFERENCES users(id),
    approved_at     timestamptz,
    version         int NOT NULL DEFAULT 1,
    created_by      bigint REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (issuer_unit_id, year, number),
    CHECK ((status = 'draft') = (number IS NULL))
);
CREATE INDEX decisions_campaign_idx ON decisions (campaign_id);

-- The lines a decision awards, in its order, with the cash fixed at approval.
CREATE TABLE decision_lines (
    decision_id   bigint NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    line_id       bigint NOT NULL REFERENCES proposal_lines(id),
    position      int NOT NULL DEFAULT 0,
    cash_multiple numeric(5, 2),
    amount        numeric(14, 0),
    PRIMARY KEY (decision_id, line_id)
);
CREATE UNIQUE INDEX decision_lines_line_key ON decision_lines (line_id);
