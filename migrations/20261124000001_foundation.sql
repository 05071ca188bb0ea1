-- Foundation schema: organisation chart, people, accounts, roles, sessions, audit log, imports.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Vietnamese collation (ICU): a < ă < â, d < đ, tones as secondary differences.
CREATE COLLATION IF NOT EXISTS vi (provider = icu, locale = 'vi');

-- Diacritics- and case-insensitive folding used for search ("nguyen van an" finds "Nguyễn Văn An",
-- "dang" finds "Đặng"). IMMUTABLE so that it can feed generated columns and indexes.
CREATE FUNCTION thidua_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE TABLE units (
    id              bigserial PRIMARY KEY,
    code            text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
    name            text COLLATE vi NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    kind            text NOT NULL CHECK (kind IN ('department','office','inspectorate','division','centre','district_office','other')),
    parent_id       bigint REFERENCES units(id),
    -- materialised path of ids, root first: '/1/4/9/'; subtree = path LIKE '/1/4/%'
    path            text NOT NULL,
    depth           int NOT NULL DEFAULT 0,
    valid_from      date NOT NULL,
    valid_to        date,
    merged_into_id  bigint REFERENCES units(id),
    version         int NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX units_code_key ON units (code);
CREATE INDEX units_path_idx ON units (path text_pattern_ops);
CREATE INDEX units_parent_idx ON units (parent_id);

-- Earlier names, codes and places of a unit (rename, move, close, merge keep history).
CREATE TABLE unit_history (
    id          bigserial PRIMARY KEY,
    unit_id     bigint NOT NULL REFERENCES units(id),
    code        text NOT NULL,
    name        text NOT NULL,
    kind        text NOT NULL,
    parent_id   bigint,
    valid_from  date NOT NULL,
    valid_to    date NOT NULL,
    change      text NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unit_history_unit_idx ON unit_history (unit_id, valid_to);

CREATE TABLE people (
    id              bigserial PRIMARY KEY,
    full_name       text COLLATE vi NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    -- Vietnamese names sort by the given name (last word), then the full name.
    given_name      text COLLATE vi GENERATED ALWAYS AS (regexp_replace(full_name, '^.*\s', '')) STORED,
    search_text     text GENERATED ALWAYS AS (
                        thidua_fold(full_name || ' ' || coalesce(employee_code, '') || ' ' || coalesce(email, ''))
                    ) STORED,
    gender          text NOT NULL CHECK (gender IN ('male','female','other')),
    birth_date      date,
    unit_id         bigint NOT NULL REFERENCES units(id),
    position        text,
    category        text NOT NULL CHECK (category IN ('cong_chuc','vien_chuc','nguoi_lao_dong')),
    start_date      date,
    email           text,
    phone           text,
    employee_code   text,
    active          boolean NOT NULL DEFAULT true,
    version         int NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX people_employee_code_key ON people (employee_code);
CREATE INDEX people_unit_idx ON people (unit_id);
CREATE INDEX people_sort_idx ON people (given_name, full_name, id);
CREATE INDEX people_search_trgm_idx ON people USING gin (search_text gin_trgm_ops);

CREATE TABLE users (
    id                      bigserial PRIMARY KEY,
    username                text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    password_hash           text NOT NULL,
    display_name            text NOT NULL,
    person_id               bigint REFERENCES people(id),
    active                  boolean NOT NULL DEFAULT true,
    must_change_password    boolean NOT NULL DEFAULT false,
    version                 int NOT NULL DEFAULT 1,
    last_login_at           timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (username);
CREATE UNIQUE INDEX users_person_key ON users (person_id);

-- A role is held over a unit subtree (the Department root for organisation-wide roles).
CREATE TABLE user_roles (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id),
    role        text NOT NULL CHECK (role IN ('staff','unit_head','office','council','deputy_director','director','admin')),
    unit_id     bigint NOT NULL REFERENCES units(id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX user_roles_key ON user_roles (user_id, role, unit_id);

-- Server-side sessions: the cookie holds a random token, the table its SHA-256.
CREATE TABLE sessions (
    id_hash         bytea PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users(id),
    csrf_token      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    ip              text,
    user_agent      text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Every sign-in attempt, successful or not (throttling reads it).
CREATE TABLE login_attempts (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    username    text NOT NULL,
    ip          text NOT NULL,
    success     boolean NOT NULL,
    reason      text NOT NULL
);
CREATE INDEX login_attempts_user_idx ON login_attempts (username, at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);

-- Append-only audit log: who changed what, before and after, written in the same transaction.
CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor_user_id   bigint,
    actor_username  text NOT NULL,
    action          text NOT NULL,
    entity          text NOT NULL,
    entity_id       text,
    summary         text NOT NULL DEFAULT '',
    before          jsonb,
    after           jsonb,
    ip              text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_username);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
-- Where the application connects as a role that does not own the schema, it is also denied the privilege.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;

-- Uploaded import files: parsed rows wait here between preview and import (any server may serve the next step).
CREATE TABLE import_jobs (
    id              bigserial PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('people')),
    filename        text NOT NULL,
    created_by      bigint NOT NULL REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    status          text NOT NULL CHECK (status IN ('preview','running','done','failed','cancelled')),
    total_rows      int NOT NULL,
    good_rows       int NOT NULL,
    processed_rows  int NOT NULL DEFAULT 0,
    imported_rows   int NOT NULL DEFAULT 0,
    rows            jsonb NOT NULL,
    message         text,
    finished_at     timestamptz
);
