-- Rule sets (legal regimes) with their catalogue of titles, campaigns (the Director's plan) and
-- registrations. Conditions of titles arrive with the eligibility work; the catalogue is here because
-- a registration names the title it aims for.

CREATE TABLE rule_sets (
    id              bigserial PRIMARY KEY,
    code            text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,40}$'),
    name            text NOT NULL,
    legal_bases     text NOT NULL DEFAULT '',
    effective_from  date NOT NULL,
    effective_to    date,
    version         int NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
);

CREATE TABLE titles (
    id                  bigserial PRIMARY KEY,
    rule_set_id         bigint NOT NULL REFERENCES rule_sets(id),
    code                text NOT NULL CHECK (code ~ '^[A-Z0-9_]{2,20}$'),
    name_vi             text NOT NULL,
    name_en             text NOT NULL,
    subject             text NOT NULL CHECK (subject IN ('individual', 'collective')),
    form                text NOT NULL CHECK (form IN ('title', 'commendation')),
    level               text NOT NULL CHECK (level IN ('grassroots', 'province', 'state')),
    -- who decides: the Department's director, or a higher authority the Department proposes to
    decided_by          text NOT NULL CHECK (decided_by IN ('director', 'province', 'prime_minister', 'president')),
    -- multiple of the base salary (lương cơ sở); NULL when the regime sets none
    cash_multiple       numeric(5, 2) CHECK (cash_multiple IS NULL OR cash_multiple >= 0),
    -- a yearly title one registers for at the start of a campaign
    registrable         boolean NOT NULL DEFAULT false,
    position            int NOT NULL DEFAULT 0,
    UNIQUE (rule_set_id, code)
);

INSERT INTO rule_sets (code, name, legal_bases, effective_from, effective_to) VALUES
 ('ND91_2017', 'Luật Thi đua, khen thưởng 2003 (sửa đổi 2013) và Nghị định 91/2017/NĐ-CP',
  'Luật Thi đua, khen thưởng năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng năm 2013; Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ; Thông tư số 12/2019/TT-BNV ngày 04/11/2019 của Bộ Nội vụ',
  '2017-10-01', '2023-12-31'),
 ('LUAT2022_ND98', 'Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP',
  'Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022; Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ; Thông tư số 01/2024/TT-BNV ngày 29/02/2024 của Bộ Nội vụ; Thông tư số 18/2023/TT-BTNMT',
  '2024-01-01', '2025-06-30'),
 ('ND152_2025', 'Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP',
  'Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022; Nghị định số 152/2025/NĐ-CP của Chính phủ; Thông tư số 15/2025/TT-BNV của Bộ Nội vụ',
  '2025-07-01', NULL);

-- The same catalogue in each regime; cash multiples differ (CONFIGURABLE: administrators edit them).
INSERT INTO titles (rule_set_id, code, name_vi, name_en, subject, form, level, decided_by, cash_multiple, registrable, position)
SELECT r.id, t.code, t.name_vi, t.name_en, t.subject, t.form, t.level, t.decided_by,
       CASE r.code WHEN 'ND152_2025' THEN t.cash_152 ELSE t.cash_old END, t.registrable, t.position
FROM rule_sets r CROSS JOIN (VALUES
 ('LDTT', 'Lao động tiên tiến', 'Advanced worker', 'individual', 'title', 'grassroots', 'director', 0.30, 0.30, true, 10),
 ('CSTDCS', 'Chiến sĩ thi đua cơ sở', 'Grassroots emulation fighter', 'individual', 'title', 'grassroots', 'director', 1.00, 1.00, true, 20),
 ('CSTD_TINH', 'Chiến sĩ thi đua cấp tỉnh', 'Provincial emulation fighter', 'individual', 'title', 'province', 'province', 3.00, 3.00, true, 30),
 ('TTLDTT', 'Tập thể lao động tiên tiến', 'Advanced collective', 'collective', 'title', 'grassroots', 'director', 0.80, 0.80, true, 40),
 ('TTLDXS', 'Tập thể lao động xuất sắc', 'Excellent collective', 'collective', 'title', 'province', 'province', 1.50, 1.50, true, 50),
 ('CO_TD', 'Cờ thi đua', 'Emulation flag', 'collective', 'title', 'province', 'province', 8.00, 8.00, true, 60),
 ('GIAYKHEN', 'Giấy khen của Giám đốc Sở', 'Director''s certificate of merit', 'individual', 'commendation', 'grassroots', 'director', 0.15, 0.15, false, 70),
 ('BK_TINH', 'Bằng khen của Chủ tịch UBND tỉnh', 'Provincial certificate of merit', 'individual', 'commendation', 'province', 'province', 1.00, 1.50, false, 80),
 ('BK_TTG', 'Bằng khen của Thủ tướng Chính phủ', 'Prime Minister''s certificate of merit', 'individual', 'commendation', 'state', 'prime_minister', 1.50, 3.50, false, 90)
) AS t(code, name_vi, name_en, subject, form, level, decided_by, cash_old, cash_152, registrable, position);

-- A campaign: the plan as a document (header, body sections, recipients, signer) and its timeline.
CREATE TABLE campaigns (
    id                  bigserial PRIMARY KEY,
    issuer_unit_id      bigint NOT NULL REFERENCES units(id),
    rule_set_id         bigint NOT NULL REFERENCES rule_sets(id),
    kind                text NOT NULL CHECK (kind IN ('annual', 'thematic')),
    year                int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    starts_on           date,
    ends_on             date,
    doc_number          text NOT NULL DEFAULT '' CHECK (length(doc_number) <= 20),
    doc_code            text NOT NULL CHECK (length(doc_code) BETWEEN 1 AND 40),
    parent_body         text NOT NULL DEFAULT '',
    issuer_name         text NOT NULL,
    place               text NOT NULL,
    doc_date            date,
    title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    legal_bases         text NOT NULL DEFAULT '',
    introduction        text NOT NULL DEFAULT '',
    theme               text NOT NULL DEFAULT '',
    closing             text NOT NULL DEFAULT '',
    recipients          text NOT NULL DEFAULT '',
    signer_title        text NOT NULL DEFAULT 'GIÁM ĐỐC',
    signer_name         text NOT NULL DEFAULT '',
    registration_opens  date,
    registration_closes date,
    midyear_review      date,
    proposal_deadline   date,
    council_meeting     date,
    decision_date       date,
    -- the stage set by hand; the stage shown is the later of this and the one the dates give
    stage               text NOT NULL DEFAULT 'draft'
        CHECK (stage IN ('draft', 'published', 'registration_open', 'in_progress', 'year_end_review', 'closed')),
    published_at        timestamptz,
    published_by        bigint REFERENCES users(id),
    amendment           int NOT NULL DEFAULT 0,
    version             int NOT NULL DEFAULT 1,
    created_by          bigint REFERENCES users(id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on),
    CHECK (registration_closes IS NULL OR registration_opens IS NULL OR registration_closes >= registration_opens)
);
CREATE INDEX campaigns_year_idx ON campaigns (year DESC, id DESC);

-- Numbered parts of the plan: content items, criteria for collectives and individuals (with an
-- optional maximum score), and responsibilities per addressee.
CREATE TABLE campaign_items (
    campaign_id bigint NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    section     text NOT NULL CHECK (section IN ('content', 'criteria_collective', 'criteria_individual', 'responsibility')),
    position    int NOT NULL,
    heading     text NOT NULL DEFAULT '',
    body        text NOT NULL,
    max_score   numeric(6, 2) CHECK (max_score IS NULL OR max_score > 0),
    PRIMARY KEY (campaign_id, section, position)
);

-- Every published text of a plan: amendment 0 is the plan as first published, 1.. its amendments.
CREATE TABLE campaign_versions (
    campaign_id bigint NOT NULL REFERENCES campaigns(id),
    amendment   int NOT NULL,
    reason      text NOT NULL DEFAULT '',
    snapshot    jsonb NOT NULL,
    by_user     bigint REFERENCES users(id),
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, amendment)
);

-- A registration: a person's (person_id set) or a unit's collective one (person_id NULL).
CREATE TABLE registrations (
    id              bigserial PRIMARY KEY,
    campaign_id     bigint NOT NULL REFERENCES campaigns(id),
    person_id       bigint REFERENCES people(id),
    unit_id         bigint NOT NULL REFERENCES units(id),
    title_id        bigint REFERENCES titles(id),
    status          text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'returned', 'confirmed', 'withdrawn')),
    submitted_at    timestamptz,
    late            boolean NOT NULL DEFAULT false,
    reviewed_by     bigint REFERENCES users(id),
    reviewed_at     timestamptz,
    review_comment  text NOT NULL DEFAULT '',
    version         int NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX registrations_person_key ON registrations (campaign_id, person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX registrations_unit_key ON registrations (campaign_id, unit_id) WHERE person_id IS NULL;
CREATE INDEX registrations_unit_idx ON registrations (campaign_id, unit_id, status);
CREATE INDEX registrations_late_idx ON registrations (campaign_id) WHERE late AND person_id IS NOT NULL;

CREATE TABLE registration_commitments (
    registration_id bigint NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    position        int NOT NULL,
    target          text NOT NULL CHECK (length(target) BETWEEN 1 AND 1000),
    measure         text NOT NULL DEFAULT '',
    -- mid-year review (sơ kết)
    progress        int CHECK (progress BETWEEN 0 AND 100),
    progress_note   text NOT NULL DEFAULT '',
    progress_at     timestamptz,
    PRIMARY KEY (registration_id, position)
);

CREATE TABLE registered_initiatives (
    id                  bigserial PRIMARY KEY,
    registration_id     bigint NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    position            int NOT NULL,
    title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    field               text NOT NULL DEFAULT '',
    expected_benefit    text NOT NULL DEFAULT '',
    search_text         text GENERATED ALWAYS AS (thidua_fold(title || ' ' || field || ' ' || expected_benefit)) STORED,
    UNIQUE (registration_id, position)
);

CREATE TABLE initiative_coauthors (
    initiative_id   bigint NOT NULL REFERENCES registered_initiatives(id) ON DELETE CASCADE,
    person_id       bigint NOT NULL REFERENCES people(id),
    PRIMARY KEY (initiative_id, person_id)
);

-- The Office reopens registration for a unit (its subtree) or one person, with a reason and a deadline.
CREATE TABLE registration_reopenings (
    id          bigserial PRIMARY KEY,
    campaign_id bigint NOT NULL REFERENCES campaigns(id),
    unit_id     bigint REFERENCES units(id),
    person_id   bigint REFERENCES people(id),
    until       date NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    by_user     bigint REFERENCES users(id),
    at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((unit_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX registration_reopenings_campaign_idx ON registration_reopenings (campaign_id);

-- In-app notifications; `dedupe` keeps a reminder from being sent twice by several servers.
CREATE TABLE notifications (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id),
    kind        text NOT NULL,
    link        text NOT NULL DEFAULT '',
    args        jsonb NOT NULL DEFAULT '[]',
    dedupe      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz
);
CREATE UNIQUE INDEX notifications_dedupe_key ON notifications (user_id, dedupe) WHERE dedupe IS NOT NULL;
CREATE INDEX notifications_unread_idx ON notifications (user_id, id DESC) WHERE read_at IS NULL;
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);

-- Individual registrations counted per (campaign, unit, status), kept by statement-level triggers, so
-- that the coverage of a 10,000-person department reads a few hundred counters, not every registration.
-- Rows are changed in key order so that concurrent statements lock counters in the same order.
CREATE TABLE registration_counts (
    campaign_id bigint NOT NULL REFERENCES campaigns(id),
    unit_id     bigint NOT NULL REFERENCES units(id),
    status      text NOT NULL,
    n           int NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, unit_id, status)
);

CREATE FUNCTION registration_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO registration_counts (campaign_id, unit_id, status, n)
        SELECT campaign_id, unit_id, status, count(*) FROM new_rows WHERE person_id IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (campaign_id, unit_id, status) DO UPDATE SET n = registration_counts.n + EXCLUDED.n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO registration_counts (campaign_id, unit_id, status, n)
        SELECT campaign_id, unit_id, status, sum(d) FROM (
            SELECT campaign_id, unit_id, status, 1 AS d FROM new_rows WHERE person_id IS NOT NULL
            UNION ALL
            SELECT campaign_id, unit_id, status, -1 FROM old_rows WHERE person_id IS NOT NULL) x
        GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (campaign_id, unit_id, status) DO UPDATE SET n = registration_counts.n + EXCLUDED.n;
    ELSE
        INSERT INTO registration_counts (campaign_id, unit_id, status, n)
        SELECT campaign_id, unit_id, status, -count(*) FROM old_rows WHERE person_id IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (campaign_id, unit_id, status) DO UPDATE SET n = registration_counts.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER registration_counts_ins AFTER INSERT ON registrations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_counts_apply();
CREATE TRIGGER registration_counts_upd AFTER UPDATE ON registrations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_counts_apply();
CREATE TRIGGER registration_counts_del AFTER DELETE ON registrations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_counts_apply();
