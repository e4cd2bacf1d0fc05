package dev.verdict.event;

/**
 * Something that reacts to an event inside the transaction that stores it (the webhook feature creates its
 * deliveries), so the reaction commits or rolls back with the change.
 */
public interface EventFanout {

    void fanOut(DomainEvent event);
}
