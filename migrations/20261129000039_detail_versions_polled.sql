-- registration_detail_versions (commitments and their progress, initiatives, co-authors) are no
-- longer announced by a notification in the changing transaction: PostgreSQL serialises the commits
-- of every transaction that notifies (each holds a database-wide lock through its commit), which cut
-- the progress post, the busiest write of the year, to about half of what the same statement does
-- without it (pgbench, 5 clients: 3,046 transactions/s with the notifications, 5,264 without).
-- Each server now reads the 16 rows every 250 ms (db::live::poll_details) and at once when it
-- settles (before answering a change); after a progress save of its own it drops its copy of that
-- person's form; a browser that changed something reads the versions from the database for two
-- seconds anyway (the thidua_fresh cookie).
DROP TRIGGER registration_detail_versions_cache ON registration_detail_versions;
