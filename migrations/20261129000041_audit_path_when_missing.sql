-- The audit log's unit-path trigger runs only when the entry comes without its path: statements
-- that write their own (the progress post, the busiest write of the year) no longer pay for a
-- PL/pgSQL call per entry.
DROP TRIGGER audit_log_unit_path ON audit_log;
CREATE TRIGGER audit_log_unit_path BEFORE INSERT ON audit_log
    FOR EACH ROW WHEN (NEW.unit_path IS NULL) EXECUTE FUNCTION audit_log_set_unit_path();
