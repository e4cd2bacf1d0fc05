package dev.verdict.event;

import java.time.Instant;

/**
 * One stored event. {@code subject} is the resource it is about (an experiment or model id): deliveries keep the
 * order of {@code seq} per subject. {@code payload} is the exact JSON body every delivery sends.
 */
public record DomainEvent(long seq, String tenantId, String id, String type, String subject, Instant occurredAt,
                          String payload) { }
