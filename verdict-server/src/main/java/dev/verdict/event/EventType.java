package dev.verdict.event;

import java.util.List;

/** The names of the events Verdict publishes, in the past tense of what happened. */
public final class EventType {

    public static final String EXPERIMENT_CREATED = "experiment.created";
    public static final String EXPERIMENT_UPDATED = "experiment.updated";
    public static final String EXPERIMENT_STATUS_CHANGED = "experiment.status_changed";
    public static final String EXPERIMENT_DELETED = "experiment.deleted";
    public static final String EXPERIMENT_PROMOTED = "experiment.promoted";
    public static final String EXPERIMENT_CHALLENGER_STOPPED = "experiment.challenger_stopped";
    public static final String EXPERIMENT_SRM_DETECTED = "experiment.srm_detected";
    public static final String MODEL_CREATED = "model.created";
    public static final String MODEL_UPDATED = "model.updated";
    public static final String MODEL_DELETED = "model.deleted";

    public static final List<String> ALL = List.of(EXPERIMENT_CREATED, EXPERIMENT_UPDATED, EXPERIMENT_STATUS_CHANGED,
            EXPERIMENT_DELETED, EXPERIMENT_PROMOTED, EXPERIMENT_CHALLENGER_STOPPED, EXPERIMENT_SRM_DETECTED,
            MODEL_CREATED, MODEL_UPDATED, MODEL_DELETED);

    private EventType() {
    }
}
