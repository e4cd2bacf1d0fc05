package dev.verdict.webhook;

import java.time.Instant;
import java.util.List;

/** A stored subscription. {@code eventTypes} is {@code ["*"]} for every event. The secret never leaves this feature. */
record Subscription(String tenantId, String id, String url, String description, List<String> eventTypes,
                    boolean active, String secret, Instant failingSince, Instant disabledAt, String disabledReason,
                    Instant createdAt, Instant updatedAt) {

    static final String ALL = "*";

    boolean wants(String type) {
        return eventTypes.contains(ALL) || eventTypes.contains(type);
    }
}
