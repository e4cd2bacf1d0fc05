package dev.verdict.assignment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An assignment as the API answers it. */
public record AssignmentView(String experimentId, String experimentKey, String customerId, String variant,
                             @Nullable String modelId, @Nullable String modelKey, boolean controlGroup,
                             Instant assignedAt, @Nullable Instant expiresAt, int phase,
                             @JsonProperty("new") boolean created, boolean recorded) { }
