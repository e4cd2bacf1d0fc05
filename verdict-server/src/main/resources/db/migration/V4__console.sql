-- The web console (ADR 014): people who log in, and their sessions. SQL in the subset shared by PostgreSQL and H2
-- (MODE=PostgreSQL). V3 is taken by another change; Flyway runs V4 after whatever V3 turns out to be.

-- A console user belongs to one tenant and has the same roles as API keys. The password is stored as Spring
-- Security's DelegatingPasswordEncoder output ("{bcrypt}$2a$…"), so the algorithm can change without a migration.
CREATE TABLE console_users (
    tenant_id      VARCHAR(64)  NOT NULL REFERENCES tenants (id),
    id             VARCHAR(40)  NOT NULL,
    username       VARCHAR(64)  NOT NULL,
    role           VARCHAR(16)  NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT console_users_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT console_users_username_uq UNIQUE (tenant_id, username)
);

-- Spring Session JDBC's own tables, as in its schema-postgresql.sql (BYTEA is also an H2 type), created here so
-- that every database gets them through Flyway and spring.session.jdbc.initialize-schema stays "never".
-- principal_name is 200 wide (not 100): it holds tenant/user name.
CREATE TABLE spring_session (
    primary_id            CHAR(36)     NOT NULL,
    session_id            CHAR(36)     NOT NULL,
    creation_time         BIGINT       NOT NULL,
    last_access_time      BIGINT       NOT NULL,
    max_inactive_interval INT          NOT NULL,
    expiry_time           BIGINT       NOT NULL,
    principal_name        VARCHAR(200),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id CHAR(36)     NOT NULL,
    attribute_name     VARCHAR(200) NOT NULL,
    attribute_bytes    BYTEA        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);
