package dev.verdict.webhook;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A subscription just created: the only answer that carries its signing secret. */
public record CreatedWebhook(String id, String url, @Nullable String description, List<String> eventTypes,
                             boolean active, Instant createdAt, Instant updatedAt, String secret) {

    static CreatedWebhook of(Subscription s) {
        return new CreatedWebhook(s.id(), s.url(), s.description(), s.eventTypes(), s.active(), s.createdAt(),
                s.updatedAt(), s.secret());
    }
}
