-- Each person chooses whether notifications also come by e-mail (on by default).
ALTER TABLE users ADD COLUMN email_notifications boolean NOT NULL DEFAULT true;
ALTER TABLE notifications DROP CONSTRAINT notifications_email_state_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_email_state_check
    CHECK (email_state IN ('sent', 'no_address', 'failed', 'expired', 'opted_out'));
