package dev.verdict.webhook;

import dev.verdict.audit.AuditLog;
import dev.verdict.common.DomainException;
import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import dev.verdict.event.EventType;
import dev.verdict.web.CursorCodec;
import dev.verdict.web.Keyset;
import dev.verdict.web.PageQuery;
import dev.verdict.web.PageResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Subscription management and the delivery log; every change is audited (never with the secret). */
@Service
public class WebhookService {

    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final TargetGuard guard;
    private final AuditLog audit;
    private final CursorCodec cursors;
    private final ObjectProvider<DeliveryWorker> worker;
    private final Clock clock;

    WebhookService(SubscriptionRepository subscriptions, DeliveryRepository deliveries, TargetGuard guard,
                   AuditLog audit, CursorCodec cursors, ObjectProvider<DeliveryWorker> worker, Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.guard = guard;
        this.audit = audit;
        this.cursors = cursors;
        this.worker = worker;
        this.clock = clock;
    }

    @Transactional
    public CreatedWebhook create(String tenantId, String actor, WebhookRequest r) {
        String url = guard.checkSubscription(r.url()).toString();
        List<String> types = eventTypes(r.eventTypes() == null ? List.of(Subscription.ALL) : r.eventTypes());
        Instant now = Timestamps.millis(clock.instant());
        Subscription s = new Subscription(tenantId, Ids.next("whk", clock), url, r.description(), types,
                r.active() == null || r.active(), Signature.newSecret(), null, null, null, now, now);
        subscriptions.insert(s);
        audit.record(tenantId, actor, "webhook.created", "webhook", s.id(), null, WebhookView.of(s));
        return CreatedWebhook.of(s);
    }

    @Transactional(readOnly = true)
    public WebhookView get(String tenantId, String id) {
        return WebhookView.of(find(tenantId, id));
    }

    @Transactional(readOnly = true)
    public PageResponse<WebhookView> list(String tenantId, String limit, String cursor) {
        String scope = "webhooks|" + tenantId;
        PageQuery page = PageQuery.parse(limit, cursor, cursors, scope);
        return PageResponse.of(subscriptions.page(tenantId, page.after(), page.fetchSize()), page,
                subscriptions.count(tenantId), WebhookView::of, s -> new Keyset(s.createdAt(), s.id()), cursors,
                scope);
    }

    @Transactional
    public WebhookView update(String tenantId, String actor, String id, WebhookRequest r) {
        Subscription current = subscriptions.findForUpdate(tenantId, id).orElseThrow(() -> notFound(id));
        String url = r.url() == null ? current.url() : guard.checkSubscription(r.url()).toString();
        List<String> types = r.eventTypes() == null ? current.eventTypes() : eventTypes(r.eventTypes());
        boolean active = r.active() == null ? current.active() : r.active();
        boolean reenabled = active && !current.active();
        Subscription next = new Subscription(tenantId, id, url,
                r.description() == null ? current.description() : r.description(), types, active, current.secret(),
                reenabled ? null : current.failingSince(), active ? null : current.disabledAt(),
                active ? null : current.disabledReason(), current.createdAt(), Timestamps.millis(clock.instant()));
        subscriptions.update(next);
        audit.record(tenantId, actor, "webhook.updated", "webhook", id, WebhookView.of(current),
                WebhookView.of(next));
        if (reenabled) {
            wakeAfterCommit();
        }
        return WebhookView.of(next);
    }

    @Transactional
    public void delete(String tenantId, String actor, String id) {
        Subscription current = subscriptions.findForUpdate(tenantId, id).orElseThrow(() -> notFound(id));
        subscriptions.delete(tenantId, id);
        audit.record(tenantId, actor, "webhook.deleted", "webhook", id, WebhookView.of(current), null);
    }

    @Transactional(readOnly = true)
    public PageResponse<DeliveryView> deliveries(String tenantId, String id, String limit, String cursor) {
        find(tenantId, id);
        String scope = "webhook-deliveries|" + tenantId + "|" + id;
        PageQuery page = PageQuery.parse(limit, cursor, cursors, scope);
        List<DeliveryRepository.Delivery> rows = deliveries.page(tenantId, id, page.after(), page.fetchSize());
        Map<String, List<DeliveryRepository.Attempt>> attempts = deliveries.attempts(tenantId,
                        rows.stream().map(DeliveryRepository.Delivery::id).toList()).stream()
                .collect(Collectors.groupingBy(DeliveryRepository.Attempt::deliveryId));
        return PageResponse.of(rows, page, deliveries.count(tenantId, id),
                d -> DeliveryView.of(d, attempts.getOrDefault(d.id(), List.of())),
                d -> new Keyset(d.createdAt(), d.id()), cursors, scope);
    }

    /** Sends one delivery again (whatever its state), as soon as the worker gets to it. */
    @Transactional
    public DeliveryView redeliver(String tenantId, String actor, String id, String deliveryId) {
        find(tenantId, id);
        DeliveryRepository.Delivery d = deliveries.find(tenantId, id, deliveryId)
                .orElseThrow(() -> DomainException.notFound("Delivery", deliveryId));
        deliveries.redeliver(tenantId, deliveryId, Timestamps.millis(clock.instant()));
        audit.record(tenantId, actor, "webhook.redelivery_requested", "webhook_delivery", deliveryId,
                Map.of("state", d.state(), "eventId", d.eventId()), Map.of("state", DeliveryRepository.PENDING));
        wakeAfterCommit();
        DeliveryRepository.Delivery now = deliveries.find(tenantId, id, deliveryId).orElseThrow();
        return DeliveryView.of(now, deliveries.attempts(tenantId, List.of(deliveryId)));
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.ifAvailable(DeliveryWorker::wake);
                }
            });
        }
    }

    private Subscription find(String tenantId, String id) {
        return subscriptions.find(tenantId, id).orElseThrow(() -> notFound(id));
    }

    private static List<String> eventTypes(List<String> requested) {
        if (requested.isEmpty()) {
            throw DomainException.validation("eventTypes", "must name at least one event type, or \"*\" for all");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String t : requested) {
            if (t == null || !(t.equals(Subscription.ALL) || EventType.ALL.contains(t))) {
                String shown = t == null ? "null" : t.length() > 64 ? t.substring(0, 64) + "…" : t;
                throw DomainException.validation("eventTypes", "unknown event type '" + shown + "'; one of "
                        + String.join(", ", EventType.ALL) + " or \"*\"");
            }
            out.add(t);
        }
        return out.contains(Subscription.ALL) ? List.of(Subscription.ALL) : List.copyOf(out);
    }

    private static DomainException notFound(String id) {
        return DomainException.notFound("Webhook", id);
    }
}
