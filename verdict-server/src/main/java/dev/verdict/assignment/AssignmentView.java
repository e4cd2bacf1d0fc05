package dev.verdict.assignment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An assignment as the API answers it. */
public record AssignmentView(String experimentId, String experimentKey, String customerId, String variant,
                             String modelId, String modelKey, boolean controlGroup, Instant assignedAt,
                             Instant expiresAt, int phase, @JsonProperty("new") boolean created, boolean recorded) { }
