-- How a regime rounds a cash award (the title's multiple × the base salary in force on the
-- decision's date): to the nearest `cash_round_to` đồng, or up to it. As the developers' reference
-- read them: ND 91/2017 to the nearest 10,000 đ (Art. 68(2)); ND 98/2023 up to 10,000 đ;
-- ND 152/2025 not found there, so as ND 98 until checked. Edited with the regime's council rules.
ALTER TABLE rule_sets ADD COLUMN cash_round_to int NOT NULL DEFAULT 10000
    CHECK (cash_round_to IN (1, 1000, 10000, 100000));
ALTER TABLE rule_sets ADD COLUMN cash_round_up boolean NOT NULL DEFAULT true;
UPDATE rule_sets SET cash_round_up = false WHERE code = 'ND91_2017';
