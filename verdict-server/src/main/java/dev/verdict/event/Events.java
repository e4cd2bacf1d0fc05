package dev.verdict.event;

import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes domain events into the outbox. Callers must hold the transaction of the change: an event exists exactly
 * when its change committed, and so do the deliveries the fan-outs create for it.
 */
@Service
public class Events {

    private final EventRepository events;
    private final List<EventFanout> fanouts;
    private final JsonMapper json;
    private final Clock clock;

    Events(EventRepository events, List<EventFanout> fanouts, JsonMapper json, Clock clock) {
        this.events = events;
        this.fanouts = fanouts;
        this.json = json;
        this.clock = clock;
    }

    /** Publishes {@code type} about {@code subject} with {@code data} (the resource as the API shows it, and more). */
    @Transactional(propagation = Propagation.MANDATORY)
    public DomainEvent publish(String tenantId, String type, String subject, Map<String, ?> data) {
        return insert(tenantId, type, subject, null, data).orElseThrow();
    }

    /**
     * Publishes the event unless one with the same {@code dedupeKey} was published before in the tenant (for
     * alarms raised once, whichever instance or look notices first). Empty when it had been.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<DomainEvent> publishOnce(String tenantId, String type, String subject, String dedupeKey,
                                             Map<String, ?> data) {
        return insert(tenantId, type, subject, dedupeKey, data);
    }

    private Optional<DomainEvent> insert(String tenantId, String type, String subject, String dedupeKey,
                                         Map<String, ?> data) {
        Instant now = Timestamps.millis(clock.instant());
        String id = Ids.next("evt", clock);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", type);
        body.put("tenantId", tenantId);
        body.put("occurredAt", now);
        body.put("data", data);
        String payload = json.writeValueAsString(body);
        if (!events.insert(tenantId, id, type, subject, dedupeKey, payload, Timestamp.from(now))) {
            return Optional.empty();
        }
        DomainEvent event = new DomainEvent(events.seq(tenantId, id), tenantId, id, type, subject, now, payload);
        fanouts.forEach(f -> f.fanOut(event));
        return Optional.of(event);
    }
}
