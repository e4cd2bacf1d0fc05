package dev.verdict.webhook;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A subscription as the API shows it: never the secret. */
public record WebhookView(String id, String url, @Nullable String description, List<String> eventTypes, boolean active,
                          @Nullable Instant failingSince, @Nullable Instant disabledAt, @Nullable String disabledReason,
                          Instant createdAt, Instant updatedAt) {

    static WebhookView of(Subscription s) {
        return new WebhookView(s.id(), s.url(), s.description(), s.eventTypes(), s.active(), s.failingSince(),
                s.disabledAt(), s.disabledReason(), s.createdAt(), s.updatedAt());
    }
}
