-- The cap on "excellent" ratings (HTXSNV) as a share of those rated good or better, effective-dated
-- like every rule that changes with the law; shown as a warning where ratings are entered.
CREATE TABLE rating_rules (
    effective_from     date PRIMARY KEY,
    excellent_cap_pct  int NOT NULL CHECK (excellent_cap_pct BETWEEN 0 AND 100),
    legal_basis        text NOT NULL DEFAULT ''
);
INSERT INTO rating_rules (effective_from, excellent_cap_pct, legal_basis) VALUES
 ('2020-09-01', 20, 'Nghị định 90/2020/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP)');
