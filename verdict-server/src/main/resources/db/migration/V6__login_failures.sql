-- Failed console logins, shared by every instance (ADR 014): a (tenant, user name, client address) is refused after
-- verdict.console.max-failed-logins failures within verdict.console.failed-login-window. The key is a SHA-256 digest
-- of the three, so neither user names nor addresses are stored. Coordinator-local under Citus, like the sessions
-- (docs/scaling.md): logins are rare and need no distribution.
CREATE TABLE login_failures (
    id           VARCHAR(40) NOT NULL PRIMARY KEY,
    throttle_key CHAR(64)    NOT NULL,
    failed_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (throttle_key, failed_at);
CREATE INDEX login_failures_by_time ON login_failures (failed_at);
