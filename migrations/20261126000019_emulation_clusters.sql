-- Emulation clusters and blocs (cụm, khối thi đua): groups of units that emulate with each other
-- through the year, each with a leading unit per year (cụm trưởng, khối trưởng) and a yearly
-- ranking entered by the Office after the cluster's review. The Cờ thi đua conditions read the
-- ranking (`cluster_rank`) instead of a manual check.
CREATE TABLE emulation_clusters (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('cluster', 'bloc')),
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,30}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- who organises it: the province, a ministry, the Department itself
    organiser   text NOT NULL DEFAULT '' CHECK (length(organiser) <= 200),
    -- the unit whose Office keeps it (its members lie under that unit)
    owner_unit_id bigint NOT NULL REFERENCES units(id),
    version     int NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE cluster_members (
    cluster_id  bigint NOT NULL REFERENCES emulation_clusters(id) ON DELETE CASCADE,
    unit_id     bigint NOT NULL REFERENCES units(id),
    PRIMARY KEY (cluster_id, unit_id)
);
CREATE INDEX cluster_members_unit_idx ON cluster_members (unit_id);
-- A year of a cluster: its leading unit and the ranking of its members.
CREATE TABLE cluster_rankings (
    cluster_id  bigint NOT NULL REFERENCES emulation_clusters(id) ON DELETE CASCADE,
    year        int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    unit_id     bigint NOT NULL REFERENCES units(id),
    rank        int NOT NULL CHECK (rank BETWEEN 1 AND 1000),
    leader      boolean NOT NULL DEFAULT false,
    entered_by  bigint REFERENCES users(id),
    entered_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster_id, year, unit_id),
    UNIQUE (cluster_id, year, rank)
);
CREATE UNIQUE INDEX cluster_rankings_one_leader ON cluster_rankings (cluster_id, year) WHERE leader;
CREATE INDEX cluster_rankings_unit_idx ON cluster_rankings (unit_id, year);

-- the ranking is a fact the eligibility rules read
CREATE TRIGGER cluster_rankings_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cluster_rankings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_facts_version();
CREATE TRIGGER cluster_members_facts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cluster_members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_facts_version();

-- The Cờ thi đua conditions read the ranking: the provincial flag goes to a collective that leads
-- its cluster or bloc (first in its ranking); the Government's to an outstanding one among those.
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điều 26 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "cluster_rank", "max_rank": 1, "source": "Điều 26 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013) (tập thể dẫn đầu cụm, khối thi đua)"}]}'::jsonb
  WHERE code = 'CO_TD' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017') AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.rule_set_id = titles.rule_set_id AND c.stage = 'closed');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điểm a khoản 1 Điều 25 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013) (thành tích xuất sắc, vượt chỉ tiêu)"}, {"kind": "manual", "text_vi": "Tiêu biểu xuất sắc trong số các tập thể dẫn đầu cụm, khối thi đua", "text_en": "Outstanding among the collectives leading their emulation clusters or blocs", "source": "Khoản 1 Điều 25 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}, {"kind": "cluster_rank", "max_rank": 1, "source": "Khoản 1 Điều 25 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013) (trong số các tập thể dẫn đầu cụm, khối thi đua)"}, {"kind": "not_under_review", "source": "Điều 7 Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"}]}'::jsonb
  WHERE code = 'CO_TD_CP' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017') AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.rule_set_id = titles.rule_set_id AND c.stage = 'closed');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điều 26 Luật Thi đua, khen thưởng 2022"}, {"kind": "cluster_rank", "max_rank": 1, "source": "Điều 26 Luật Thi đua, khen thưởng 2022 (tập thể dẫn đầu cụm, khối thi đua)"}]}'::jsonb
  WHERE code = 'CO_TD' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98') AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.rule_set_id = titles.rule_set_id AND c.stage = 'closed');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điểm a khoản 1 Điều 25 Luật Thi đua, khen thưởng 2022 (thành tích xuất sắc, vượt chỉ tiêu)", "checked": {"against": "Luật 2022 Điều 25 (bản dịch tiếng Anh): https://lawnet.vn/en/laws/tap-the-phai-dat-duoc-nhung-tieu-chuan-dieu-kien-nao-de-duoc-xet-tang-danh-hieu-co-thi-dua-cac-cap-22767.html", "on": "2026-11-26"}}, {"kind": "manual", "text_vi": "Tiêu biểu xuất sắc trong số các tập thể dẫn đầu cụm, khối thi đua", "text_en": "Outstanding among the collectives leading their emulation clusters or blocs", "source": "Khoản 1 Điều 25 Luật Thi đua, khen thưởng 2022", "checked": {"against": "Luật 2022 Điều 25 (bản dịch tiếng Anh): https://lawnet.vn/en/laws/tap-the-phai-dat-duoc-nhung-tieu-chuan-dieu-kien-nao-de-duoc-xet-tang-danh-hieu-co-thi-dua-cac-cap-22767.html", "on": "2026-11-26"}}, {"kind": "cluster_rank", "max_rank": 1, "source": "Khoản 1 Điều 25 Luật Thi đua, khen thưởng 2022 (trong số các tập thể dẫn đầu cụm, khối thi đua)", "checked": {"against": "Luật 2022 Điều 25 (bản dịch tiếng Anh): https://lawnet.vn/en/laws/tap-the-phai-dat-duoc-nhung-tieu-chuan-dieu-kien-nao-de-duoc-xet-tang-danh-hieu-co-thi-dua-cac-cap-22767.html", "on": "2026-11-26"}}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 98/2023/NĐ-CP", "checked": {"against": "Nghị định 98/2023/NĐ-CP Điều 4 (diễn giải, không số khoản): \"...đang xem xét thi hành kỷ luật hoặc điều tra, thanh tra, kiểm tra khi có dấu hiệu vi phạm hoặc có đơn thư khiếu nại, tố cáo, có vấn đề tham nhũng, tiêu cực được báo chí...\": https://cpdanluat.thuvienphapluat.vn/nu-se-duoc-uu-tien-hon-khi-xet-cac-danh-hieu-thi-dua-khen-thuong-cua-nha-nuoc-213390.aspx?PostID=611612", "on": "2026-11-26"}}]}'::jsonb
  WHERE code = 'CO_TD_CP' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98') AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.rule_set_id = titles.rule_set_id AND c.stage = 'closed');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điều 26 Luật Thi đua, khen thưởng 2022"}, {"kind": "cluster_rank", "max_rank": 1, "source": "Điều 26 Luật Thi đua, khen thưởng 2022 (tập thể dẫn đầu cụm, khối thi đua)"}]}'::jsonb
  WHERE code = 'CO_TD' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025') AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.rule_set_id = titles.rule_set_id AND c.stage = 'closed');
UPDATE titles SET conditions = '{"kind": "all", "of": [{"kind": "unit_rating_at_least", "min": "HTXSNV", "source": "Điểm a khoản 1 Điều 25 Luật Thi đua, khen thưởng 2022 (thành tích xuất sắc, vượt chỉ tiêu)", "checked": {"against": "Luật 2022 Điều 25 (bản dịch tiếng Anh): https://lawnet.vn/en/laws/tap-the-phai-dat-duoc-nhung-tieu-chuan-dieu-kien-nao-de-duoc-xet-tang-danh-hieu-co-thi-dua-cac-cap-22767.html", "on": "2026-11-26"}}, {"kind": "manual", "text_vi": "Tiêu biểu xuất sắc trong số các tập thể dẫn đầu cụm, khối thi đua", "text_en": "Outstanding among the collectives leading their emulation clusters or blocs", "source": "Khoản 1 Điều 25 Luật Thi đua, khen thưởng 2022", "checked": {"against": "Luật 2022 Điều 25 (bản dịch tiếng Anh): https://lawnet.vn/en/laws/tap-the-phai-dat-duoc-nhung-tieu-chuan-dieu-kien-nao-de-duoc-xet-tang-danh-hieu-co-thi-dua-cac-cap-22767.html", "on": "2026-11-26"}}, {"kind": "cluster_rank", "max_rank": 1, "source": "Khoản 1 Điều 25 Luật Thi đua, khen thưởng 2022 (trong số các tập thể dẫn đầu cụm, khối thi đua)", "checked": {"against": "Luật 2022 Điều 25 (bản dịch tiếng Anh): https://lawnet.vn/en/laws/tap-the-phai-dat-duoc-nhung-tieu-chuan-dieu-kien-nao-de-duoc-xet-tang-danh-hieu-co-thi-dua-cac-cap-22767.html", "on": "2026-11-26"}}, {"kind": "not_under_review", "source": "Điều 4 Nghị định 152/2025/NĐ-CP"}]}'::jsonb
  WHERE code = 'CO_TD_CP' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND152_2025') AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.rule_set_id = titles.rule_set_id AND c.stage = 'closed');
