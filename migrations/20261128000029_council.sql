-- The emulation and commendation council (Hội đồng thi đua khen thưởng) of an issuing unit for a
-- year: each seat a user account (a person with an account) in a capacity, from a date, until the
-- date it ended. A change is a seat ended and another begun, never an edit in place, so that the
-- composition on any day can be read back; every change is also in the audit log.
CREATE TABLE council_seats (
    id          bigserial PRIMARY KEY,
    unit_id     bigint NOT NULL REFERENCES units(id),
    year        int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    user_id     bigint NOT NULL REFERENCES users(id),
    capacity    text NOT NULL CHECK (capacity IN ('chair', 'vice_chair', 'secretary', 'member')),
    from_date   date NOT NULL,
    to_date     date CHECK (to_date IS NULL OR to_date >= from_date),
    created_by  bigint REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    ended_by    bigint REFERENCES users(id),
    ended_at    timestamptz
);
-- a person holds one open seat in a year's council, and there is one chair and one secretary at a
-- time: held by the database under concurrent changes
CREATE UNIQUE INDEX council_seats_open_key ON council_seats (unit_id, year, user_id) WHERE to_date IS NULL;
CREATE UNIQUE INDEX council_seats_one_key ON council_seats (unit_id, year, capacity)
    WHERE to_date IS NULL AND capacity IN ('chair', 'secretary');
CREATE INDEX council_seats_user_idx ON council_seats (user_id);
