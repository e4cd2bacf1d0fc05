-- Verdict schema. Every tenant-owned table carries tenant_id, and it leads every primary key and unique index,
-- so the schema can be distributed by tenant later. The SQL stays in the subset shared by PostgreSQL and H2
-- (MODE=PostgreSQL).

CREATE TABLE tenants (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE api_keys (
    tenant_id    VARCHAR(64)  NOT NULL REFERENCES tenants (id),
    id           VARCHAR(40)  NOT NULL,
    name         VARCHAR(255) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    digest       VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT api_keys_digest_unique UNIQUE (tenant_id, digest)
);
-- Authentication looks a key up by digest before its tenant is known.
CREATE INDEX api_keys_by_digest ON api_keys (digest);

CREATE TABLE algorithm_models (
    tenant_id        VARCHAR(64)   NOT NULL REFERENCES tenants (id),
    id               VARCHAR(40)   NOT NULL,
    model_key        VARCHAR(255)  NOT NULL,
    name             VARCHAR(255)  NOT NULL,
    description      VARCHAR(4000),
    model_type       VARCHAR(32)   NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    version          INTEGER       NOT NULL,
    config_json      VARCHAR(1100000),
    metrics_json     VARCHAR(1100000),
    training_samples BIGINT,
    last_trained_at  TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT algorithm_models_key_unique UNIQUE (tenant_id, model_key)
);
CREATE INDEX algorithm_models_by_created ON algorithm_models (tenant_id, created_at, id);

CREATE TABLE experiments (
    tenant_id          VARCHAR(64)   NOT NULL REFERENCES tenants (id),
    id                 VARCHAR(40)   NOT NULL,
    experiment_key     VARCHAR(255)  NOT NULL,
    name               VARCHAR(255)  NOT NULL,
    description        VARCHAR(4000),
    status             VARCHAR(16)   NOT NULL,
    champion_model_id  VARCHAR(40),
    champion_pct       NUMERIC(5, 2) NOT NULL,
    holdout_pct        NUMERIC(5, 2) NOT NULL,
    auto_promote       BOOLEAN       NOT NULL,
    promote_threshold  NUMERIC(12, 10) NOT NULL,
    promote_after_days INTEGER       NOT NULL,
    results_json       VARCHAR(1100000),
    phase              INTEGER       NOT NULL,
    phase_started_at   TIMESTAMP WITH TIME ZONE,
    config_version     INTEGER       NOT NULL,
    started_at         TIMESTAMP WITH TIME ZONE,
    revision           BIGINT        NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT experiments_key_unique UNIQUE (tenant_id, experiment_key),
    CONSTRAINT experiments_champion_fk FOREIGN KEY (tenant_id, champion_model_id)
        REFERENCES algorithm_models (tenant_id, id)
);
CREATE INDEX experiments_by_created ON experiments (tenant_id, created_at, id);

CREATE TABLE experiment_challengers (
    tenant_id     VARCHAR(64)   NOT NULL,
    experiment_id VARCHAR(40)   NOT NULL,
    position      INTEGER       NOT NULL,
    model_id      VARCHAR(40)   NOT NULL,
    traffic_pct   NUMERIC(5, 2) NOT NULL,
    PRIMARY KEY (tenant_id, experiment_id, position),
    CONSTRAINT challengers_experiment_fk FOREIGN KEY (tenant_id, experiment_id)
        REFERENCES experiments (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT challengers_model_fk FOREIGN KEY (tenant_id, model_id)
        REFERENCES algorithm_models (tenant_id, id)
);
CREATE INDEX challengers_by_model ON experiment_challengers (tenant_id, model_id);

-- Each change of the split (and each new phase) gets a configuration version; assignments record the version
-- they were made under so the sample-ratio check compares each version with its own split.
CREATE TABLE experiment_config_versions (
    tenant_id      VARCHAR(64)  NOT NULL,
    experiment_id  VARCHAR(40)  NOT NULL,
    config_version INTEGER      NOT NULL,
    phase          INTEGER      NOT NULL,
    layout_json    VARCHAR(200000) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, experiment_id, config_version),
    CONSTRAINT config_versions_experiment_fk FOREIGN KEY (tenant_id, experiment_id)
        REFERENCES experiments (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE assignments (
    tenant_id      VARCHAR(64)  NOT NULL,
    experiment_id  VARCHAR(40)  NOT NULL,
    customer_id    VARCHAR(256) NOT NULL,
    phase          INTEGER      NOT NULL,
    config_version INTEGER      NOT NULL,
    variant        VARCHAR(255) NOT NULL,
    model_id       VARCHAR(40),
    assigned_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, experiment_id, customer_id)
);

-- New assignments per tenant and UTC day (for the power calculator's default daily traffic), striped like the
-- counters below; cheaper than a time index on every assignment row.
CREATE TABLE assignment_days (
    tenant_id VARCHAR(64) NOT NULL,
    assigned_day DATE     NOT NULL,
    slot      INTEGER     NOT NULL,
    customers BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, assigned_day, slot)
);

-- Counters are striped over slots so concurrent assignments do not all queue on one row; readers sum the slots.
CREATE TABLE assignment_counts (
    tenant_id      VARCHAR(64)  NOT NULL,
    experiment_id  VARCHAR(40)  NOT NULL,
    phase          INTEGER      NOT NULL,
    config_version INTEGER      NOT NULL,
    variant        VARCHAR(255) NOT NULL,
    slot           INTEGER      NOT NULL,
    customers      BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, experiment_id, phase, config_version, variant, slot)
);

CREATE TABLE outcomes (
    tenant_id       VARCHAR(64)  NOT NULL,
    experiment_id   VARCHAR(40)  NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    id              VARCHAR(40)  NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    customer_id     VARCHAR(256) NOT NULL,
    phase           INTEGER      NOT NULL,
    variant         VARCHAR(255) NOT NULL,
    model_id        VARCHAR(40),
    outcome         VARCHAR(64)  NOT NULL,
    outcome_value   DOUBLE PRECISION,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, experiment_id, idempotency_key)
);

-- The first outcome of each kind per customer and phase: a customer converts once however often it is recorded.
CREATE TABLE outcome_firsts (
    tenant_id     VARCHAR(64)  NOT NULL,
    experiment_id VARCHAR(40)  NOT NULL,
    phase         INTEGER      NOT NULL,
    outcome       VARCHAR(64)  NOT NULL,
    customer_id   VARCHAR(256) NOT NULL,
    variant       VARCHAR(255) NOT NULL,
    PRIMARY KEY (tenant_id, experiment_id, phase, outcome, customer_id)
);

CREATE TABLE outcome_counts (
    tenant_id     VARCHAR(64)  NOT NULL,
    experiment_id VARCHAR(40)  NOT NULL,
    phase         INTEGER      NOT NULL,
    variant       VARCHAR(255) NOT NULL,
    outcome       VARCHAR(64)  NOT NULL,
    slot          INTEGER      NOT NULL,
    customers     BIGINT       NOT NULL,
    events        BIGINT       NOT NULL,
    value_sum     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (tenant_id, experiment_id, phase, variant, outcome, slot)
);

CREATE TABLE promotions (
    tenant_id      VARCHAR(64)  NOT NULL,
    id             VARCHAR(40)  NOT NULL,
    experiment_id  VARCHAR(40)  NOT NULL,
    ended_phase    INTEGER      NOT NULL,
    from_model_id  VARCHAR(40),
    to_model_id    VARCHAR(40)  NOT NULL,
    trigger_kind   VARCHAR(16)  NOT NULL,
    actor          VARCHAR(64)  NOT NULL,
    reason         VARCHAR(1000),
    evidence_json  VARCHAR(1100000),
    promoted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT promotions_once_per_phase UNIQUE (tenant_id, experiment_id, ended_phase)
);

CREATE TABLE audit_heads (
    tenant_id VARCHAR(64) NOT NULL PRIMARY KEY,
    seq       BIGINT      NOT NULL,
    hash      VARCHAR(64) NOT NULL
);

CREATE TABLE audit_entries (
    tenant_id   VARCHAR(64)  NOT NULL,
    seq         BIGINT       NOT NULL,
    id          VARCHAR(40)  NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    entity_type VARCHAR(32)  NOT NULL,
    entity_id   VARCHAR(64)  NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    before_json VARCHAR(2500000),
    after_json  VARCHAR(2500000),
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    prev_hash   VARCHAR(64)  NOT NULL,
    hash        VARCHAR(64)  NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_entries_by_entity ON audit_entries (tenant_id, entity_type, entity_id, seq);
CREATE INDEX audit_entries_by_id ON audit_entries (tenant_id, id);
