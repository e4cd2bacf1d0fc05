package dev.verdict.experiment;

/**
 * An experiment is being deleted, inside the deleting transaction: each feature removes its own rows of the
 * experiment in a synchronous listener, so the deletion commits or rolls back as one.
 */
public record ExperimentDeleted(String tenantId, String experimentId) { }
