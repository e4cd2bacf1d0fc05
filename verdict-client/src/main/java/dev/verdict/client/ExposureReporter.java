package dev.verdict.client;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends queued exposures to the server in batches (per experiment, at most the batch size each), on the client's
 * scheduler thread only. A batch that fails for a reason worth retrying (no connection, timeout, 429, 5xx) is tried
 * again on later flushes, at most {@link #MAX_ATTEMPTS} times in all, then dropped and counted; a batch the server
 * refuses whole (4xx) is dropped and counted at once. Retried batches go before newer entries, and the retry backlog
 * never holds more entries than the queue, so memory stays bounded while the server is down.
 */
final class ExposureReporter {

    static final int MAX_ATTEMPTS = 3;

    /** Entries of one experiment, sent as one request. */
    private static final class Batch {
        final CompiledExperiment experiment;
        final List<ExposureQueue.Entry> entries = new ArrayList<>();
        int attempts;

        Batch(CompiledExperiment experiment) {
            this.experiment = experiment;
        }
    }

    private final ExposureQueue queue;
    private final RecentlyReported recent;
    private final VerdictHttp http;
    private final ClientMetrics metrics;
    private final Notifier notifier;
    private final int batchSize;
    private final ArrayDeque<Batch> retries = new ArrayDeque<>();
    private int retryEntries;
    private long overflowsReported;

    ExposureReporter(ExposureQueue queue, RecentlyReported recent, VerdictHttp http, ClientMetrics metrics,
                     Notifier notifier, int batchSize) {
        this.queue = queue;
        this.recent = recent;
        this.http = http;
        this.metrics = metrics;
        this.notifier = notifier;
        this.batchSize = batchSize;
    }

    /**
     * Sends the retry backlog, then everything queued, until the queue is empty, a send fails (the server is not
     * answering: the rest waits for the next flush), or {@code deadline} passes. Returns true when all was sent.
     */
    boolean flush(Deadline deadline) throws InterruptedException {
        reportOverflow();
        for (int n = retries.size(); n > 0; n--) {
            if (deadline.passed()) {
                return false;
            }
            Batch b = retries.pollFirst();
            retryEntries -= b.entries.size();
            if (!send(b)) {
                return false;
            }
        }
        while (!deadline.passed()) {
            ExposureQueue.Entry[] drained = queue.drain(batchSize);
            if (drained.length == 0) {
                return true;
            }
            List<Batch> batches = byExperiment(drained);
            for (int i = 0; i < batches.size(); i++) {
                if (!send(batches.get(i))) {
                    for (int k = i + 1; k < batches.size(); k++) {
                        keepForRetry(batches.get(k));
                    }
                    return false;
                }
            }
            if (drained.length < batchSize) {
                return queue.size() == 0;
            }
        }
        return false;
    }

    /** Entries not yet delivered: queued or waiting for a retry. */
    int pending() {
        return queue.size() + retryEntries;
    }

    /** Drops whatever is still pending (close() ran out of time or the server is unreachable). */
    void dropPending(String why) {
        int dropped = retryEntries;
        retries.clear();
        retryEntries = 0;
        dropped += queue.drain(Integer.MAX_VALUE).length;
        if (dropped > 0) {
            metrics.droppedClosed.increment(dropped);
            notifier.error(new ClientError(ClientError.Kind.EXPOSURES_DROPPED, null,
                    dropped + " exposures were never reported: " + why, null));
        }
        reportOverflow();
    }

    private void reportOverflow() {
        long dropped = (long) metrics.droppedOverflow.count();
        if (dropped > overflowsReported) {
            notifier.error(new ClientError(ClientError.Kind.EXPOSURES_DROPPED, null, (dropped - overflowsReported)
                    + " exposures dropped, oldest first: the queue (capacity " + queue.capacity() + ") was full", null));
            overflowsReported = dropped;
        }
    }

    private static List<Batch> byExperiment(ExposureQueue.Entry[] drained) {
        Map<CompiledExperiment, Batch> batches = new LinkedHashMap<>();
        for (ExposureQueue.Entry e : drained) {
            batches.computeIfAbsent(e.experiment(), Batch::new).entries.add(e);
        }
        return new ArrayList<>(batches.values());
    }

    /** One attempt; false when it failed in a way worth retrying (the batch is then kept or, out of attempts, dropped). */
    private boolean send(Batch b) throws InterruptedException {
        List<VerdictHttp.ExposureItem> items = new ArrayList<>(b.entries.size());
        for (ExposureQueue.Entry e : b.entries) {
            items.add(new VerdictHttp.ExposureItem(e.customerId(), e.answer().variant(), e.answer().configVersion(),
                    Instant.ofEpochMilli(e.assignedAtMillis())));
        }
        b.attempts++;
        List<VerdictHttp.ItemResult> results;
        try {
            results = http.report(b.experiment.id, items);
        } catch (VerdictHttp.ServerError ex) {
            if (!ex.retriable()) {
                metrics.droppedRejected.increment(items.size());
                notifier.error(new ClientError(ClientError.Kind.EXPOSURE_REJECTED, b.experiment.key,
                        "the server refused a batch of " + items.size() + " exposures: " + ex.getMessage(), ex));
                return true;
            }
            failed(b, ex.getMessage(), ex);
            return false;
        } catch (IOException | RuntimeException ex) {
            failed(b, String.valueOf(ex), ex);
            return false;
        } catch (InterruptedException ex) {
            keepForRetry(b);   // still pending: close() drops and counts it if it cannot be sent
            throw ex;
        }
        settle(b, results);
        return true;
    }

    private void failed(Batch b, String why, Exception cause) {
        if (b.attempts >= MAX_ATTEMPTS) {
            metrics.droppedFailed.increment(b.entries.size());
            notifier.error(new ClientError(ClientError.Kind.EXPOSURES_DROPPED, b.experiment.key, b.entries.size()
                    + " exposures dropped after " + b.attempts + " failed attempts: " + why, cause));
        } else {
            notifier.error(new ClientError(ClientError.Kind.EXPOSURE_REPORT, b.experiment.key, "reporting "
                    + b.entries.size() + " exposures failed (attempt " + b.attempts + ", retried later): " + why, cause));
            keepForRetry(b);
        }
    }

    private void keepForRetry(Batch b) {
        retries.addLast(b);
        retryEntries += b.entries.size();
        while (retryEntries > queue.capacity() && retries.size() > 1) {
            Batch oldest = retries.pollFirst();
            retryEntries -= oldest.entries.size();
            metrics.droppedFailed.increment(oldest.entries.size());
            notifier.error(new ClientError(ClientError.Kind.EXPOSURES_DROPPED, oldest.experiment.key,
                    oldest.entries.size() + " exposures dropped: the retry backlog is full", null));
        }
    }

    private void settle(Batch b, List<VerdictHttp.ItemResult> results) {
        int crossovers = 0;
        int errors = 0;
        String firstError = null;
        for (int i = 0; i < results.size(); i++) {
            VerdictHttp.ItemResult r = results.get(i);
            ExposureQueue.Entry e = b.entries.get(i);
            String status = r.status() == null ? "" : r.status();
            switch (status) {
                case "recorded" -> {
                    metrics.recorded.increment();
                    recent.remember(b.experiment.id, e.answer().phase(), e.customerId(), e.answer().variant());
                }
                case "duplicate" -> {
                    metrics.duplicate.increment();
                    recent.remember(b.experiment.id, e.answer().phase(), e.customerId(), e.answer().variant());
                }
                case "crossover" -> {
                    metrics.crossover.increment();
                    crossovers++;
                }
                default -> {
                    metrics.refused.increment();
                    errors++;
                    if (firstError == null) {
                        firstError = r.error() == null ? status : r.error().code() + ": " + r.error().message();
                    }
                }
            }
        }
        if (crossovers > 0) {
            notifier.event(new ClientEvent(ClientEvent.Kind.CROSSOVER, crossovers + " of " + results.size()
                    + " reported exposures of experiment " + b.experiment.key + " disagreed with the stored assignment"));
        }
        if (errors > 0) {
            notifier.error(new ClientError(ClientError.Kind.EXPOSURE_REJECTED, b.experiment.key, errors + " of "
                    + results.size() + " reported exposures were refused; first: " + firstError, null));
        }
    }
}
