-- Units and strata (ADR 009). The unit of analysis is a distinct customer per phase, analysed in the arm and
-- configuration version of its first assignment in the phase (intention to treat). Counters are kept per
-- (phase, configuration version, variant, UTC day), so results can be stratified by version and drawn over time.
-- The SQL stays in the subset shared by PostgreSQL and H2 (MODE=PostgreSQL).

-- The customer's unit in its current phase: the version and variant of its first assignment in the phase, and
-- whether a later assignment in the same phase (after expiry) served it another variant (a crossover).
ALTER TABLE assignments ADD COLUMN unit_config_version INTEGER;
ALTER TABLE assignments ADD COLUMN unit_variant VARCHAR(255);
ALTER TABLE assignments ADD COLUMN crossed_over BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE assignments SET unit_config_version = config_version, unit_variant = variant;
ALTER TABLE assignments ALTER COLUMN unit_config_version SET NOT NULL;
ALTER TABLE assignments ALTER COLUMN unit_variant SET NOT NULL;

ALTER TABLE assignment_counts RENAME TO assignment_counts_v1;
ALTER TABLE outcome_counts RENAME TO outcome_counts_v1;

CREATE TABLE assignment_counts (
    tenant_id      VARCHAR(64)  NOT NULL,
    experiment_id  VARCHAR(40)  NOT NULL,
    phase          INTEGER      NOT NULL,
    config_version INTEGER      NOT NULL,
    variant        VARCHAR(255) NOT NULL,
    count_day      DATE         NOT NULL,
    slot           INTEGER      NOT NULL,
    customers      BIGINT       NOT NULL,
    crossovers     BIGINT       NOT NULL,
    CONSTRAINT assignment_counts_by_day_pk
        PRIMARY KEY (tenant_id, experiment_id, phase, config_version, variant, count_day, slot)
);

CREATE TABLE outcome_counts (
    tenant_id      VARCHAR(64)  NOT NULL,
    experiment_id  VARCHAR(40)  NOT NULL,
    phase          INTEGER      NOT NULL,
    config_version INTEGER      NOT NULL,
    variant        VARCHAR(255) NOT NULL,
    outcome        VARCHAR(64)  NOT NULL,
    count_day      DATE         NOT NULL,
    slot           INTEGER      NOT NULL,
    customers      BIGINT       NOT NULL,
    events         BIGINT       NOT NULL,
    value_sum      DOUBLE PRECISION NOT NULL,
    value_sum_sq   DOUBLE PRECISION NOT NULL,
    CONSTRAINT outcome_counts_by_day_pk
        PRIMARY KEY (tenant_id, experiment_id, phase, config_version, variant, outcome, count_day, slot)
);

-- Running extremes of the sequential evidence of a phase (per challenger variant, and '__srm__' for the
-- sample-ratio test), so an always-valid p-value never rises and an always-valid interval never widens.
CREATE TABLE sequential_evidence (
    tenant_id     VARCHAR(64)  NOT NULL,
    experiment_id VARCHAR(40)  NOT NULL,
    phase         INTEGER      NOT NULL,
    subject       VARCHAR(255) NOT NULL,
    p_min         DOUBLE PRECISION NOT NULL,
    lower_max     DOUBLE PRECISION,
    upper_min     DOUBLE PRECISION,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sequential_evidence_pk PRIMARY KEY (tenant_id, experiment_id, phase, subject)
);

-- Carrying the data over. The current phase of every experiment is recomputed from the rows, which hold each
-- customer exactly once (a customer re-bucketed within the phase under the old rules is counted once, under its
-- latest assignment). Phases that have ended keep their old counters in one pooled stratum, configuration
-- version 0, dated on the day the phase started: their first assignments are no longer in the rows.
INSERT INTO assignment_counts (tenant_id, experiment_id, phase, config_version, variant, count_day, slot, customers,
                               crossovers)
SELECT a.tenant_id, a.experiment_id, a.phase, a.config_version, a.variant,
       CAST(a.assigned_at AT TIME ZONE 'UTC' AS DATE), 0, COUNT(*), 0
FROM assignments a
JOIN experiments e ON e.tenant_id = a.tenant_id AND e.id = a.experiment_id AND e.phase = a.phase
GROUP BY a.tenant_id, a.experiment_id, a.phase, a.config_version, a.variant,
         CAST(a.assigned_at AT TIME ZONE 'UTC' AS DATE);

INSERT INTO assignment_counts (tenant_id, experiment_id, phase, config_version, variant, count_day, slot, customers,
                               crossovers)
SELECT c.tenant_id, c.experiment_id, c.phase, 0, c.variant,
       COALESCE((SELECT CAST(MIN(v.created_at) AT TIME ZONE 'UTC' AS DATE) FROM experiment_config_versions v
                 WHERE v.tenant_id = c.tenant_id AND v.experiment_id = c.experiment_id AND v.phase = c.phase),
                CURRENT_DATE), 0, SUM(c.customers), 0
FROM assignment_counts_v1 c
JOIN experiments e ON e.tenant_id = c.tenant_id AND e.id = c.experiment_id AND c.phase < e.phase
GROUP BY c.tenant_id, c.experiment_id, c.phase, c.variant;

-- Outcomes of current phases: converted customers on the day of their first outcome of the kind (slot 0), and
-- events and values on the day they were recorded (slot 1), in the stratum of the customer's unit.
INSERT INTO outcome_counts (tenant_id, experiment_id, phase, config_version, variant, outcome, count_day, slot,
                            customers, events, value_sum, value_sum_sq)
SELECT f.tenant_id, f.experiment_id, f.phase, f.config_version, f.variant, f.outcome, f.first_day, 0, COUNT(*), 0,
       0, 0
FROM (SELECT o.tenant_id, o.experiment_id, o.phase, a.unit_config_version AS config_version,
             a.unit_variant AS variant, o.outcome, o.customer_id,
             CAST(MIN(o.recorded_at) AT TIME ZONE 'UTC' AS DATE) AS first_day
      FROM outcomes o
      JOIN experiments e ON e.tenant_id = o.tenant_id AND e.id = o.experiment_id AND e.phase = o.phase
      JOIN assignments a ON a.tenant_id = o.tenant_id AND a.experiment_id = o.experiment_id
                        AND a.customer_id = o.customer_id AND a.phase = o.phase
      GROUP BY o.tenant_id, o.experiment_id, o.phase, a.unit_config_version, a.unit_variant, o.outcome,
               o.customer_id) f
GROUP BY f.tenant_id, f.experiment_id, f.phase, f.config_version, f.variant, f.outcome, f.first_day;

INSERT INTO outcome_counts (tenant_id, experiment_id, phase, config_version, variant, outcome, count_day, slot,
                            customers, events, value_sum, value_sum_sq)
SELECT o.tenant_id, o.experiment_id, o.phase, a.unit_config_version, a.unit_variant, o.outcome,
       CAST(o.recorded_at AT TIME ZONE 'UTC' AS DATE), 1, 0, COUNT(*), SUM(COALESCE(o.outcome_value, 0)),
       SUM(COALESCE(o.outcome_value, 0) * COALESCE(o.outcome_value, 0))
FROM outcomes o
JOIN experiments e ON e.tenant_id = o.tenant_id AND e.id = o.experiment_id AND e.phase = o.phase
JOIN assignments a ON a.tenant_id = o.tenant_id AND a.experiment_id = o.experiment_id
                  AND a.customer_id = o.customer_id AND a.phase = o.phase
GROUP BY o.tenant_id, o.experiment_id, o.phase, a.unit_config_version, a.unit_variant, o.outcome,
         CAST(o.recorded_at AT TIME ZONE 'UTC' AS DATE);

-- Outcomes of ended phases: the old counters, with the sums of squares recounted from the rows, in version 0.
INSERT INTO outcome_counts (tenant_id, experiment_id, phase, config_version, variant, outcome, count_day, slot,
                            customers, events, value_sum, value_sum_sq)
SELECT c.tenant_id, c.experiment_id, c.phase, 0, c.variant, c.outcome,
       COALESCE((SELECT CAST(MIN(v.created_at) AT TIME ZONE 'UTC' AS DATE) FROM experiment_config_versions v
                 WHERE v.tenant_id = c.tenant_id AND v.experiment_id = c.experiment_id AND v.phase = c.phase),
                CURRENT_DATE), 0, SUM(c.customers), SUM(c.events), SUM(c.value_sum),
       COALESCE((SELECT SUM(o.outcome_value * o.outcome_value) FROM outcomes o
                 WHERE o.tenant_id = c.tenant_id AND o.experiment_id = c.experiment_id AND o.phase = c.phase
                   AND o.variant = c.variant AND o.outcome = c.outcome), 0)
FROM outcome_counts_v1 c
JOIN experiments e ON e.tenant_id = c.tenant_id AND e.id = c.experiment_id AND c.phase < e.phase
GROUP BY c.tenant_id, c.experiment_id, c.phase, c.variant, c.outcome;

DROP TABLE assignment_counts_v1;
DROP TABLE outcome_counts_v1;
