package dev.verdict.promotion;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A promotion as the API lists it. {@code evidence} is the comparison as /results showed it, plus the SRM check. */
public record PromotionRecord(String id, String experimentId, int endedPhase, @Nullable String fromModelId,
                              String toModelId, String trigger, String actor, @Nullable String reason,
                              Instant promotedAt, @Nullable JsonNode evidence) { }
