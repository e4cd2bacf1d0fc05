package dev.verdict.promotion;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A promotion as the API lists it. {@code evidence} is the comparison as /results showed it, plus the SRM check. */
public record PromotionRecord(String id, String experimentId, int endedPhase, String fromModelId, String toModelId,
                              String trigger, String actor, String reason, Instant promotedAt, JsonNode evidence) { }
