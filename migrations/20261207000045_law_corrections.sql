-- The law's remaining errors of issue 27, each from docs/LEGAL-SOURCES.md §18 (research of
-- 07/12/2026): what a text says is written as it says it; what could not be read is marked so.

-- A condition's source, rewritten wherever a node of `kind` sits in a title's tree.
CREATE FUNCTION pg_temp.with_source(n jsonb, node_kind text, src text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN n->>'kind' = node_kind THEN jsonb_set(n, '{source}', to_jsonb(src))
        WHEN jsonb_typeof(n->'of') = 'array' THEN jsonb_set(n, '{of}', (
            SELECT coalesce(jsonb_agg(pg_temp.with_source(c, node_kind, src) ORDER BY i), '[]'::jsonb)
              FROM jsonb_array_elements(n->'of') WITH ORDINALITY AS e(c, i)))
        ELSE n END
$$;

-- 8. "Not under review for discipline" is no article of the 2003 Law (its Art. 7 lists kinds of
-- titles): under the 2003 Law it is TT 08/2017/TT-BNV, then TT 12/2019/TT-BNV (article not read);
-- from 2024 ND 98/2023 Art. 4(4), read in MOHA's numbered summary.
UPDATE titles SET conditions = pg_temp.with_source(conditions, 'not_under_review',
    'Thông tư 12/2019/TT-BNV (trước đó Thông tư 08/2017/TT-BNV): chưa khen thưởng khi đang xem xét kỷ luật, điều tra, thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo (chưa đối chiếu điều, khoản)')
 WHERE rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = pg_temp.with_source(conditions, 'not_under_review',
    'Khoản 4 Điều 4 Nghị định 98/2023/NĐ-CP')
 WHERE rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = pg_temp.with_source(conditions, 'not_under_review',
    'Khoản 4 Điều 4 Nghị định 98/2023/NĐ-CP (Nghị định 152/2025/NĐ-CP không thay nguyên tắc này; chưa đối chiếu)')
 WHERE rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');

-- 8. The 20 % ceiling of Tập thể lao động xuất sắc has no source found: a provincial rule, editable;
-- no English words inside a Vietnamese citation.
UPDATE titles SET conditions = replace(replace(conditions::text,
        'Quy định của ngành, tỉnh (CONFIGURABLE; chưa tìm thấy văn bản quy định tỷ lệ 20%)',
        'Quy định của tỉnh (có thể sửa trong bộ quy tắc; chưa tìm thấy văn bản quy định tỷ lệ 20 %)'),
        'Quy định thi đua, khen thưởng của ngành (CONFIGURABLE)',
        'Quy định của tỉnh (có thể sửa trong bộ quy tắc; chưa tìm thấy văn bản quy định tỷ lệ 20 %)')::jsonb
 WHERE conditions::text LIKE '%CONFIGURABLE%';

-- 2. ND 91/2017 Art. 39: the Bằng khen of the province has no route "two consecutive Chiến sĩ thi
-- đua cơ sở" (that is the 2022 Law's Art. 74(1)(d)); its routes are an outstanding achievement in a
-- movement, many achievements with a provincial effect, or two years HTXSNV with two grassroots
-- initiatives (the article's wording itself was not read: unchecked).
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "not_under_review", "source": "Thông tư 12/2019/TT-BNV (trước đó Thông tư 08/2017/TT-BNV): chưa khen thưởng khi đang xem xét kỷ luật, điều tra, thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo (chưa đối chiếu điều, khoản)"}, {"kind": "any", "source": "Khoản 1 Điều 39 Nghị định 91/2017/NĐ-CP", "of": [{"kind": "all", "of": [{"kind": "rating_streak", "min": "HTXSNV", "years": 2, "source": "Khoản 1 Điều 39 Nghị định 91/2017/NĐ-CP (02 năm liên tục hoàn thành xuất sắc nhiệm vụ; chưa đối chiếu văn bản gốc)"}, {"kind": "initiative", "count": 2, "min_level": "grassroots", "within_years": 2, "source": "Khoản 1 Điều 39 Nghị định 91/2017/NĐ-CP (02 sáng kiến được công nhận và áp dụng hiệu quả trong phạm vi cơ sở; chưa đối chiếu văn bản gốc)"}]}, {"kind": "manual", "source": "Khoản 1 Điều 39 Nghị định 91/2017/NĐ-CP (chưa đối chiếu văn bản gốc)", "text_vi": "Có thành tích xuất sắc được bình xét trong các phong trào thi đua, hoặc lập được nhiều thành tích có phạm vi ảnh hưởng trong lĩnh vực thuộc bộ, ngành, tỉnh", "text_en": "An outstanding achievement recognised in a movement, or many achievements with an effect across the province or the sector"}]}]}'::jsonb
 WHERE code = 'BK_TINH' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');

-- 7. Chiến sĩ thi đua toàn quốc: the provincial title twice in a row ("02 lần liên tục"), a cycle of
-- three years each (two awards three years apart), not any two in six years.
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "title_count", "title": "CSTD_TINH", "count": 2, "within_years": 6, "every": 3, "source": "Khoản 1 Điều 9 Nghị định 91/2017/NĐ-CP; Điều 21 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013): hai lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp tỉnh", "checked": {"against": "Luật 2003 Điều 21 (như Nghị định 42/2010 khoản 1 Điều 15): \"Có thành tích tiêu biểu xuất sắc trong số những cá nhân 2 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp bộ, ngành, tỉnh\", trích: https://baoninhthuan.com.vn/news/47405p155c159/giai-dap-phap-luat-ve-thi-dua-khen-thuong.htm", "on": "2026-12-07"}}, {"kind": "initiative", "count": 1, "min_level": "national", "within_years": 6, "source": "Điều 21 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "manual", "source": "Điều 21 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)", "text_vi": "Có thành tích xuất sắc tiêu biểu, được lựa chọn trong số các Chiến sĩ thi đua cấp tỉnh", "text_en": "An outstanding record, chosen among the provincial emulation fighters"}, {"kind": "not_under_review", "source": "Thông tư 12/2019/TT-BNV (trước đó Thông tư 08/2017/TT-BNV): chưa khen thưởng khi đang xem xét kỷ luật, điều tra, thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo (chưa đối chiếu điều, khoản)"}]}'::jsonb
 WHERE code = 'CSTD_TQ' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "title_count", "title": "CSTD_TINH", "count": 2, "within_years": 6, "every": 3, "source": "Điều 21 Luật Thi đua, khen thưởng 2022: có 02 lần liên tục được tặng danh hiệu chiến sĩ thi đua Bộ, ban, ngành, tỉnh", "checked": {"against": "Luật 2022 Điều 21: \"Có thành tích xuất sắc tiêu biểu được lựa chọn trong số những cá nhân có 02 lần liên tục được tặng danh hiệu chiến sĩ thi đua Bộ, ban, ngành, tỉnh\", trích: https://baoyenbai.com.vn/13/342479/Tieu-chuan-danh-hieu-Chien-si-thi-dua-co-so-Lao-dong-tien-tien-Chien-si-tien-tien.aspx", "on": "2026-12-07"}}, {"kind": "initiative", "count": 1, "min_level": "national", "within_years": 6, "source": "Điều 21 Luật Thi đua, khen thưởng 2022", "checked": {"on": "2026-11-26", "against": "Luật 2022 Điều 21, trích: https://baohatinh.vn/tieu-chuan-danh-hieu-chien-si-thi-dua-co-so-lao-dong-tien-tien-tu-nam-2024-post277722.html; https://lawnet.vn/thong-tin-phap-luat/khac/tieu-chuan-danh-hieu-chien-si-thi-dua-toan-quoc-tu-2024-103164.html"}}, {"kind": "manual", "source": "Điều 21 Luật Thi đua, khen thưởng 2022", "text_vi": "Có thành tích xuất sắc tiêu biểu, được lựa chọn trong số các Chiến sĩ thi đua cấp tỉnh", "text_en": "An outstanding record, chosen among the provincial emulation fighters"}, {"kind": "not_under_review", "source": "Khoản 4 Điều 4 Nghị định 98/2023/NĐ-CP"}]}'::jsonb
 WHERE code = 'CSTD_TQ' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "title_count", "title": "CSTD_TINH", "count": 2, "within_years": 6, "every": 3, "source": "Điều 21 Luật Thi đua, khen thưởng 2022: có 02 lần liên tục được tặng danh hiệu chiến sĩ thi đua Bộ, ban, ngành, tỉnh", "checked": {"against": "Luật 2022 Điều 21: \"Có thành tích xuất sắc tiêu biểu được lựa chọn trong số những cá nhân có 02 lần liên tục được tặng danh hiệu chiến sĩ thi đua Bộ, ban, ngành, tỉnh\", trích: https://baoyenbai.com.vn/13/342479/Tieu-chuan-danh-hieu-Chien-si-thi-dua-co-so-Lao-dong-tien-tien-Chien-si-tien-tien.aspx", "on": "2026-12-07"}}, {"kind": "initiative", "count": 1, "min_level": "national", "within_years": 6, "source": "Điều 21 Luật Thi đua, khen thưởng 2022", "checked": {"on": "2026-11-26", "against": "Luật 2022 Điều 21, trích: https://baohatinh.vn/tieu-chuan-danh-hieu-chien-si-thi-dua-co-so-lao-dong-tien-tien-tu-nam-2024-post277722.html; https://lawnet.vn/thong-tin-phap-luat/khac/tieu-chuan-danh-hieu-chien-si-thi-dua-toan-quoc-tu-2024-103164.html"}}, {"kind": "manual", "source": "Điều 21 Luật Thi đua, khen thưởng 2022", "text_vi": "Có thành tích xuất sắc tiêu biểu, được lựa chọn trong số các Chiến sĩ thi đua cấp tỉnh", "text_en": "An outstanding record, chosen among the provincial emulation fighters"}, {"kind": "not_under_review", "source": "Khoản 4 Điều 4 Nghị định 98/2023/NĐ-CP (Nghị định 152/2025/NĐ-CP không thay nguyên tắc này; chưa đối chiếu)"}]}'::jsonb
 WHERE code = 'CSTD_TQ' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');

-- 3. How the council votes. ND 91/2017 Art. 45(8) (read in the Central Board's answer of
-- 18/06/2017): the emulation fighters of the province and of the nation by secret ballot, at least
-- 90 % of all the council's members. No share was found in Law 2022, ND 98/2023, TT 01/2024 or
-- ND 152/2025: the secret ballot at 90 % of all members is kept for those titles as the council's
-- own rule of procedure, unchecked; the other titles by show of hands, more than half of those
-- present, also the council's own rule.
UPDATE titles SET council_source = 'Khoản 8 Điều 45 Nghị định 91/2017/NĐ-CP (đã đối chiếu: trả lời của Ban Thi đua - Khen thưởng Trung ương ngày 18/06/2017)'
 WHERE code IN ('CSTD_TINH', 'CSTD_TQ') AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017');
UPDATE titles SET council_ballot = 'secret', council_share = 9000, council_base = 'members',
       council_strict = false,
       council_source = 'Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng (quy định của cơ quan, theo khoản 8 Điều 45 Nghị định 91/2017/NĐ-CP trước đây; chưa tìm thấy tỷ lệ trong Luật 2022, Nghị định 98/2023, Nghị định 152/2025: chưa đối chiếu)'
 WHERE code IN ('CSTD_TINH', 'CSTD_TQ')
   AND rule_set_id IN (SELECT id FROM rule_sets WHERE code IN ('LUAT2022_ND98', 'ND152_2025'));
UPDATE titles SET council_source = 'Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng (quy định của cơ quan: quá bán số thành viên có mặt; chưa đối chiếu)'
 WHERE council_source = 'Quy chế hoạt động của Hội đồng (mặc định: quá bán số thành viên có mặt)';

-- 6. What a Department also proposes under the 2022 Law: its sector ministry's forms (the
-- minister's Bằng khen, Chiến sĩ thi đua cấp bộ, the ministry's Cờ thi đua: the same articles as the
-- province's, Law 2022 Art. 22, 26, 74) and Huân chương Lao động hạng Ba (decided by the President,
-- Law 2022 Art. 77). Each goes up in a submission. (The 2003 Law's regime, closed, is left as it
-- was: an administrator adds a title to it if a body needs one.)
INSERT INTO titles (rule_set_id, code, name_vi, name_en, subject, form, level, decided_by,
                    cash_multiple, registrable, position, conditions, documents, council_ballot,
                    council_share, council_base, council_strict, council_source)
SELECT t.rule_set_id, m.code, m.name_vi, m.name_en, t.subject, t.form, t.level, 'minister',
       t.cash_multiple, false, t.position + 2,
       t.conditions,
       t.documents, t.council_ballot, t.council_share, t.council_base, t.council_strict,
       t.council_source
  FROM titles t
  JOIN (VALUES ('BK_TINH', 'BK_BO', 'Bằng khen của Bộ trưởng', 'Minister''s certificate of merit'),
               ('BK_TINH_TT', 'BK_BO_TT', 'Bằng khen của Bộ trưởng (tập thể)', 'Minister''s certificate of merit (collective)'),
               ('CSTD_TINH', 'CSTD_BO', 'Chiến sĩ thi đua cấp bộ', 'Ministry emulation fighter'),
               ('CO_TD', 'CO_TD_BO', 'Cờ thi đua của Bộ', 'Ministry emulation flag'))
       AS m(sibling, code, name_vi, name_en) ON m.sibling = t.code
 WHERE t.rule_set_id IN (SELECT id FROM rule_sets WHERE code IN ('LUAT2022_ND98', 'ND152_2025'))
   AND NOT EXISTS (SELECT 1 FROM titles x WHERE x.rule_set_id = t.rule_set_id AND x.code = m.code);

INSERT INTO titles (rule_set_id, code, name_vi, name_en, subject, form, level, decided_by,
                    cash_multiple, registrable, position, documents, council_ballot, council_share,
                    council_base, council_strict, council_source)
SELECT r.id, 'HCLD3', 'Huân chương Lao động hạng Ba', 'Labour Order, third class', 'individual',
       'commendation', 'state', 'president',
       CASE r.code WHEN 'ND152_2025' THEN 4.50 END, false, 97,
       '{review_minutes,achievement_report,achievement_certification}',
       'secret', 9000, 'members', false,
       'Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng (quy định của cơ quan; chưa đối chiếu)'
  FROM rule_sets r
 WHERE r.code IN ('LUAT2022_ND98', 'ND152_2025')
   AND NOT EXISTS (SELECT 1 FROM titles x WHERE x.rule_set_id = r.id AND x.code = 'HCLD3');
-- Law 2022 Art. 44(1)(e), read in English in MOHA's answer (Lao Động): a Prime Minister's Bằng
-- khen, then five years or more at least HTTNV with one HTXSNV at least and three CSTĐCS.
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "award_received", "title": "BK_TTG", "within_years": 0, "then_years": 5, "source": "Điểm e khoản 1 Điều 44 Luật Thi đua, khen thưởng 2022 (được tặng Bằng khen của Thủ tướng Chính phủ, sau đó 05 năm)", "checked": {"against": "Luật 2022 điểm e khoản 1 Điều 44, bản tiếng Anh trong trả lời của Bộ Nội vụ: https://news.laodong.vn/thoi-su/bo-noi-vu-noi-ve-tieu-chuan-xet-huan-chuong-lao-dong-hang-ba-1467558.ldo", "on": "2026-12-07"}}, {"kind": "rating_streak", "min": "HTTNV", "years": 5, "source": "Điểm e khoản 1 Điều 44 Luật Thi đua, khen thưởng 2022"}, {"kind": "title_count", "title": "CSTDCS", "count": 3, "within_years": 5, "source": "Điểm e khoản 1 Điều 44 Luật Thi đua, khen thưởng 2022"}, {"kind": "manual", "source": "Điểm e khoản 1 Điều 44 Luật Thi đua, khen thưởng 2022", "text_vi": "Trong 05 năm đó có ít nhất 01 năm được công nhận hoàn thành xuất sắc nhiệm vụ", "text_en": "Within those five years, at least one year rated HTXSNV"}, {"kind": "not_under_review", "source": "Khoản 4 Điều 4 Nghị định 98/2023/NĐ-CP"}]}'::jsonb
 WHERE code = 'HCLD3' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "award_received", "title": "BK_TTG", "within_years": 0, "then_years": 5, "source": "Điểm e khoản 1 Điều 44 Luật Thi đua, khen thưởng 2022 (được tặng Bằng khen của Thủ tướng Chính phủ, sau đó 05 năm)", "checked": {"against": "Luật 2022 điểm e khoản 1 Điều 44, bản tiếng Anh trong trả lời của Bộ Nội vụ: https://news.laodong.vn/thoi-su/bo-noi-vu-noi-ve-tieu-chuan-xet-huan-chuong-lao-dong-hang-ba-1467558.ldo", "on": "2026-12-07"}}, {"kind": "rating_streak", "min": "HTTNV", "years": 5, "source": "Điểm e khoản 1 Điều 44 Luật Thi đua, khen thưởng 2022"}, {"kind": "title_count", "title": "CSTDCS", "count": 3, "within_years": 5, "source": "Điểm e khoản 1 Điều 44 Luật Thi đua, khen thưởng 2022"}, {"kind": "manual", "source": "Điểm e khoản 1 Điều 44 Luật Thi đua, khen thưởng 2022", "text_vi": "Trong 05 năm đó có ít nhất 01 năm được công nhận hoàn thành xuất sắc nhiệm vụ", "text_en": "Within those five years, at least one year rated HTXSNV"}, {"kind": "not_under_review", "source": "Khoản 4 Điều 4 Nghị định 98/2023/NĐ-CP (Nghị định 152/2025/NĐ-CP không thay nguyên tắc này; chưa đối chiếu)"}]}'::jsonb
 WHERE code = 'HCLD3' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025');
