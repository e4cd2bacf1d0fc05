package dev.verdict.web;

import java.time.Instant;

/** A position in a newest-first list: the last item seen, by creation time and then id. */
public record Keyset(Instant createdAt, String id) { }
