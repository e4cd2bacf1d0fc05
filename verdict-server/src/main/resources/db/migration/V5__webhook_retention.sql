-- Webhook retention (ADR 012): finished deliveries are deleted after verdict.retention.webhook-history, then the
-- events no delivery refers to. Deleting an event checks the deliveries' foreign key, and the job looks for events
-- without deliveries: both need the deliveries by event.
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (tenant_id, event_id);
