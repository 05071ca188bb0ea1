-- How the council votes on each title, as data of the regime (a rule set is effective-dated, and a
-- frozen one is never edited): by show of hands or secret ballot, and the share of votes in favour a
-- line needs, counted over all the council's members or over those present, "more than" or "at
-- least"; and the quorum of a meeting per regime. Each title names where its rule comes from.
ALTER TABLE titles
    ADD COLUMN council_ballot text NOT NULL DEFAULT 'hands' CHECK (council_ballot IN ('hands', 'secret')),
    -- hundredths of a per cent: 9000 = 90 %
    ADD COLUMN council_share int NOT NULL DEFAULT 5000 CHECK (council_share BETWEEN 1 AND 10000),
    ADD COLUMN council_base text NOT NULL DEFAULT 'present' CHECK (council_base IN ('members', 'present')),
    ADD COLUMN council_strict boolean NOT NULL DEFAULT true,
    ADD COLUMN council_source text NOT NULL DEFAULT '' CHECK (length(council_source) <= 500);
ALTER TABLE rule_sets
    ADD COLUMN council_quorum int NOT NULL DEFAULT 5000 CHECK (council_quorum BETWEEN 1 AND 10000),
    ADD COLUMN council_quorum_strict boolean NOT NULL DEFAULT true;

-- ND 91/2017/NĐ-CP Art. 45: Chiến sĩ thi đua cấp tỉnh and toàn quốc by secret ballot, at least 90 %
-- of all the council's members
UPDATE titles SET council_ballot = 'secret', council_share = 9000, council_base = 'members',
       council_strict = false, council_source = 'Nghị định 91/2017/NĐ-CP, Điều 45'
 WHERE code IN ('CSTD_TINH', 'CSTD_TQ') AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
-- elsewhere no text we hold sets the share: more than half of those present, as councils' own rules
-- of procedure commonly say; each Department sets its own in the rule set
UPDATE titles SET council_source = 'Quy chế hoạt động của Hội đồng (mặc định: quá bán số thành viên có mặt)'
 WHERE council_source = '';
