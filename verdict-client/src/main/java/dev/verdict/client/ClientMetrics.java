package dev.verdict.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/** The client's meters, all named {@code verdict.client.*}, created once so the hot path only increments. */
final class ClientMetrics {

    static final String ASSIGNMENTS = "verdict.client.assignments";
    static final String CONFIG_FETCHES = "verdict.client.config.fetches";
    static final String CONFIG_AGE = "verdict.client.config.age";
    static final String QUEUE_DEPTH = "verdict.client.exposures.queue.depth";
    static final String DROPPED = "verdict.client.exposures.dropped";
    static final String REPORTED = "verdict.client.exposures.reported";
    static final String SKIPPED = "verdict.client.exposures.skipped";

    final Counter local;
    final Counter server;
    final Counter fallback;
    final Counter fetched;
    final Counter notModified;
    final Counter fetchFailed;
    final Counter droppedOverflow;
    final Counter droppedFailed;
    final Counter droppedRejected;
    final Counter droppedClosed;
    final Counter recorded;
    final Counter duplicate;
    final Counter crossover;
    final Counter refused;
    final Counter skipped;

    <T> ClientMetrics(MeterRegistry registry, T client, ToDoubleFunction<T> configAgeSeconds, ExposureQueue queue) {
        local = counter(registry, ASSIGNMENTS, "source", "local", "Assignments decided in-process");
        server = counter(registry, ASSIGNMENTS, "source", "server", "Assignments the server answered (moved buckets)");
        fallback = counter(registry, ASSIGNMENTS, "source", "fallback", "Assignments answered with the fallback");
        fetched = counter(registry, CONFIG_FETCHES, "outcome", "200", "Configuration fetches that got a new feed");
        notModified = counter(registry, CONFIG_FETCHES, "outcome", "304", "Configuration fetches answered 304");
        fetchFailed = counter(registry, CONFIG_FETCHES, "outcome", "error", "Configuration fetches that failed");
        droppedOverflow = counter(registry, DROPPED, "reason", "overflow", "Oldest exposures dropped from a full queue");
        droppedFailed = counter(registry, DROPPED, "reason", "failed", "Exposures dropped after the retries ran out");
        droppedRejected = counter(registry, DROPPED, "reason", "rejected", "Exposure batches the server refused whole");
        droppedClosed = counter(registry, DROPPED, "reason", "closed", "Exposures still queued when close() gave up");
        recorded = counter(registry, REPORTED, "result", "recorded", "Exposures the server stored");
        duplicate = counter(registry, REPORTED, "result", "duplicate", "Exposures the server already had");
        crossover = counter(registry, REPORTED, "result", "crossover", "Exposures disagreeing with a stored assignment");
        refused = counter(registry, REPORTED, "result", "error", "Exposures the server refused");
        skipped = Counter.builder(SKIPPED).description("Exposures not reported again: the server confirmed them recently")
                .register(registry);
        Gauge.builder(CONFIG_AGE, client, configAgeSeconds).baseUnit("seconds")
                .description("Seconds since the server last delivered or confirmed the configuration").register(registry);
        Gauge.builder(QUEUE_DEPTH, queue, ExposureQueue::size).description("Exposures waiting to be reported")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String tag, String value, String description) {
        return Counter.builder(name).tag(tag, value).description(description).register(registry);
    }
}
