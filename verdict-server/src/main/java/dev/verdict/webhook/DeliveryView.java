package dev.verdict.webhook;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A delivery as the API shows it: {@code state} pending, delivered or failed (given up), the attempts with their
 * status codes (null when no answer came) and, while pending, when the next attempt is due.
 */
public record DeliveryView(String id, String eventId, String eventType, String state, int attemptCount,
                           @Nullable Integer lastStatusCode, @Nullable Instant nextAttemptAt, Instant createdAt,
                           @Nullable Instant deliveredAt, List<AttemptView> attempts) {

    /** One attempt. */
    public record AttemptView(Instant at, @Nullable Integer statusCode, @Nullable String error, long durationMs) { }

    static DeliveryView of(DeliveryRepository.Delivery d, List<DeliveryRepository.Attempt> attempts) {
        return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.state(), d.attempts(), d.lastStatus(),
                DeliveryRepository.PENDING.equals(d.state()) ? d.nextAttemptAt() : null, d.createdAt(),
                d.deliveredAt(), attempts.stream()
                .map(a -> new AttemptView(a.startedAt(), a.statusCode(), a.error(), a.durationMs())).toList());
    }
}
