-- Verification codes of twelve characters (32^12 = 2^60) for every award issued from now on, so that
-- guessing one at the public check's limits is hopeless (README, Security); the eight-character
-- codes already printed stay valid.
ALTER TABLE award_history DROP CONSTRAINT award_history_verification_code_check;
ALTER TABLE award_history ADD CONSTRAINT award_history_verification_code_check
    CHECK (verification_code ~ '^[A-HJ-NP-Z2-9]{8}([A-HJ-NP-Z2-9]{4})?$');
