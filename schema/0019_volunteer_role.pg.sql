-- PostgreSQL dialect of 0019_volunteer_role.sql (decision 0036): the volunteer role. PostgreSQL changes the CHECK
-- constraint in place (no rebuild of app_user); sessions are ended by this upgrade as on SQLite (everyone logs in
-- again).
DELETE FROM session;
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check,
    ADD CONSTRAINT app_user_role_check
        CHECK (role IN ('clerk', 'officer', 'agency_head', 'supervisor', 'admin', 'volunteer'));
