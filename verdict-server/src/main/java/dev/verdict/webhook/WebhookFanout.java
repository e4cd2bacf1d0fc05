package dev.verdict.webhook;

import dev.verdict.common.Ids;
import dev.verdict.event.DomainEvent;
import dev.verdict.event.EventFanout;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Creates one delivery per active subscription that wants the event, in the event's transaction. */
@Component
class WebhookFanout implements EventFanout {

    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final ObjectProvider<DeliveryWorker> worker;
    private final Clock clock;

    WebhookFanout(SubscriptionRepository subscriptions, DeliveryRepository deliveries,
                  ObjectProvider<DeliveryWorker> worker, Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.worker = worker;
        this.clock = clock;
    }

    @Override
    public void fanOut(DomainEvent event) {
        boolean any = false;
        for (Subscription s : subscriptions.active(event.tenantId())) {
            if (s.wants(event.type())) {
                deliveries.insert(event.tenantId(), Ids.next("dlv", clock), s.id(), event.id(), event.seq(),
                        event.type(), event.subject(), event.occurredAt());
                any = true;
            }
        }
        if (any && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.ifAvailable(DeliveryWorker::wake);
                }
            });
        }
    }
}
