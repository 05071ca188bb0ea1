-- E-mail copies of notifications (optional, behind THIDUA_SMTP_URL). The notifications table is the
-- outbox: a notification is written in the transaction of the change it reports, and a sender on any
-- server later picks the rows not yet considered (FOR UPDATE SKIP LOCKED, so two servers never send
-- the same one), sends them and records the outcome. Without SMTP nothing reads these columns and no
-- workflow waits for them.
ALTER TABLE notifications
    -- NULL: not considered yet; 'sent'; 'no_address' (the person has no e-mail); 'failed' (gave up
    -- after the retries); 'expired' (older than the sender's window when it first saw it)
    ADD COLUMN email_state    text CHECK (email_state IN ('sent', 'no_address', 'failed', 'expired')),
    ADD COLUMN email_attempts int NOT NULL DEFAULT 0,
    ADD COLUMN email_next_at  timestamptz,
    ADD COLUMN email_error    text,
    ADD COLUMN email_sent_at  timestamptz;

-- Only the rows still waiting are indexed, so the index stays small whatever the history.
CREATE INDEX notifications_email_pending_idx ON notifications (id) WHERE email_state IS NULL;
