-- Papers a Department signs (issue 27).
--
-- ND 91/2017 Art. 68(2) rounds cash UP to the ten thousand đồng ("được làm tròn số lên hàng chục
-- ngàn đồng"; the Central Emulation and Commendation Board's answer of 02/07/2018 applies it to
-- 1,112,000 -> 1,120,000). Migration 38 read it as "to the nearest": 0.8 x 1,490,000 printed
-- 1,190,000 where the law gives 1,200,000.
UPDATE rule_sets SET cash_round_up = true WHERE code = 'ND91_2017';

-- The legal bases of a decision under each regime, complete: the 2003 Law with both amending laws
-- (2005, 2013) for ND 91; the decree's full title and date for ND 152. The issuer's own bases (its
-- founding decision, the province's emulation regulation) are the issuer's, below.
UPDATE rule_sets SET decision_bases = CASE code
    WHEN 'ND91_2017' THEN E'Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;\nCăn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;'
    WHEN 'LUAT2022_ND98' THEN E'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;'
    WHEN 'ND152_2025' THEN E'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;'
    ELSE decision_bases END
WHERE code IN ('ND91_2017', 'LUAT2022_ND98', 'ND152_2025');

-- What an issuing body's papers say of it beyond its name: its own legal bases (the decision that
-- founded it and sets its tasks, the province's emulation regulation), who carries out its
-- decisions (Điều 3: the Office, the division that pays), and to whom its submissions go (the
-- province's Chairman through the province's emulation board, its sector ministry). Edited by the
-- administrator or the Office of the body; a body without a row prints the defaults.
CREATE TABLE issuer_profiles (
    unit_id            bigint PRIMARY KEY REFERENCES units(id),
    bases              text NOT NULL DEFAULT '' CHECK (length(bases) <= 4000),
    executors          text NOT NULL DEFAULT '' CHECK (length(executors) <= 500),
    province_authority text NOT NULL DEFAULT '' CHECK (length(province_authority) <= 300),
    province_board     text NOT NULL DEFAULT '' CHECK (length(province_board) <= 300),
    ministry           text NOT NULL DEFAULT '' CHECK (length(ministry) <= 300),
    version            int NOT NULL DEFAULT 1,
    updated_by         bigint REFERENCES users(id),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- The default "Xét đề nghị" of a decision names the council and the Office's head.
ALTER TABLE decisions ALTER COLUMN proposer
    SET DEFAULT 'Hội đồng Thi đua - Khen thưởng Sở và Chánh Văn phòng Sở';

-- The minutes of a unit's review meeting say when it closed ("Cuộc họp kết thúc vào lúc 16 giờ 00
-- cùng ngày"), as the council's do (its ballot's close).
ALTER TABLE unit_reviews ADD COLUMN ended_at text NOT NULL DEFAULT '' CHECK (length(ended_at) <= 20);

-- An initiative's recognition is the Chairman's or the head's decision; the initiative council only
-- appraises (it does not sign). What was recorded as "Hội đồng sáng kiến ..." names the signer now.
UPDATE initiative_recognitions
   SET council = CASE
       WHEN council ILIKE 'Hội đồng sáng kiến tỉnh %'
           THEN 'Chủ tịch Ủy ban nhân dân ' || substr(council, length('Hội đồng sáng kiến ') + 1)
       WHEN council ILIKE 'Hội đồng sáng kiến Sở %'
           THEN 'Giám đốc ' || substr(council, length('Hội đồng sáng kiến ') + 1)
       ELSE council END
 WHERE council ILIKE 'Hội đồng sáng kiến %';

-- A submission whose dossier lacks a paper its titles ask for is sent only once the Office has
-- confirmed it, with the list it confirmed (the pack's manifest says so).
ALTER TABLE submissions
    ADD COLUMN missing_confirmed    text NOT NULL DEFAULT '' CHECK (length(missing_confirmed) <= 4000),
    ADD COLUMN missing_confirmed_by bigint REFERENCES users(id),
    ADD COLUMN missing_confirmed_at timestamptz;
