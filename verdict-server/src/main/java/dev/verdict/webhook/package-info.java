/** Webhook subscriptions, signed at-least-once delivery of events with retries, leases and SSRF checks. */
package dev.verdict.webhook;
