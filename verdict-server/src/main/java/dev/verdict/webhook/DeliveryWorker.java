package dev.verdict.webhook;

import dev.verdict.audit.AuditLog;
import dev.verdict.common.Ids;
import dev.verdict.common.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends pending deliveries: a poller leases due deliveries (FOR UPDATE SKIP LOCKED and a lease that outlives an
 * attempt, so two instances never attempt one delivery at once) and hands them to a bounded pool; each attempt has a
 * timeout, and its outcome is recorded under the lease. Transient failures (timeouts, connection errors, 429, 5xx)
 * are retried with exponential backoff and jitter for {@code retry-for}; other answers are final. An endpoint that
 * has failed without a success for {@code disable-after} is disabled, with an audit entry. Answer bodies and headers
 * are discarded unread and never logged.
 */
@Component
@ConditionalOnExpression("${verdict.webhooks.enabled:true} and !${verdict.cli:false}")
class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    static final String ACTOR = "system:webhooks";

    private final DeliveryRepository deliveries;
    private final SubscriptionRepository subscriptions;
    private final TargetGuard guard;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final WebhookProperties properties;
    private final Clock clock;
    private final Backoff backoff;
    private final HttpClient http;
    private final Semaphore capacity;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final AtomicReference<Instant> oldestPending = new AtomicReference<>();
    private final Counter delivered;
    private final Counter givenUp;
    private final Counter failedAttempts;
    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService pool;

    DeliveryWorker(DeliveryRepository deliveries, SubscriptionRepository subscriptions, TargetGuard guard,
                   AuditLog audit, TransactionTemplate transactions, WebhookProperties properties, Clock clock,
                   MeterRegistry meters) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.guard = guard;
        this.audit = audit;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.backoff = new Backoff(properties.backoffBase(), properties.backoffMax(), new Random());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.attemptTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.capacity = new Semaphore(Math.max(1, properties.workers()));
        this.delivered = Counter.builder("verdict.webhooks.deliveries").tag("outcome", "delivered")
                .description("Webhook deliveries that ended, by outcome").register(meters);
        this.givenUp = Counter.builder("verdict.webhooks.deliveries").tag("outcome", "failed")
                .description("Webhook deliveries that ended, by outcome").register(meters);
        this.failedAttempts = Counter.builder("verdict.webhooks.failures")
                .description("Webhook attempts that failed (retried or final)").register(meters);
        Gauge.builder("verdict.webhooks.oldest.pending.age", this, w -> w.oldestPendingAgeSeconds())
                .baseUnit("seconds").description("Age of the oldest pending webhook delivery").register(meters);
    }

    @Override
    public synchronized void start() {
        pool = Executors.newFixedThreadPool(Math.max(1, properties.workers()), r -> {
            Thread t = new Thread(r, "webhook-delivery");
            t.setDaemon(true);
            return t;
        });
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-poller");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, properties.pollInterval().toMillis());
        poller.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            pool.shutdown();
            try {
                // In-flight attempts finish (or time out); what is left keeps its lease and is retried elsewhere.
                pool.awaitTermination(properties.attemptTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            poller = null;
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    /** Looks for due deliveries now instead of at the next poll (after a commit that created some). */
    void wake() {
        ScheduledExecutorService p = poller;
        if (p != null && wakePending.compareAndSet(false, true)) {
            try {
                p.execute(this::pollSafely);
            } catch (RejectedExecutionException e) {
                wakePending.set(false);
            }
        }
    }

    double oldestPendingAgeSeconds() {
        Instant oldest = oldestPending.get();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    private void pollSafely() {
        wakePending.set(false);
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("Webhook poll failed: {}", e.getClass().getSimpleName(), e);
        }
    }

    private void poll() {
        oldestPending.set(deliveries.oldestPending());
        int free = capacity.availablePermits();
        if (free == 0) {
            return;
        }
        Instant now = Timestamps.millis(clock.instant());
        String token = Ids.next("lse", clock);
        List<DeliveryRepository.Claimed> claimed = transactions.execute(tx ->
                deliveries.claim(now, now.plus(properties.lease()), free, token));
        for (DeliveryRepository.Claimed c : claimed) {
            capacity.acquireUninterruptibly();
            try {
                pool.execute(() -> {
                    try {
                        attempt(c);
                    } catch (RuntimeException e) {
                        log.warn("Webhook delivery {} could not be recorded: {}", c.id(), e.getClass().getSimpleName(),
                                e);
                    } finally {
                        capacity.release();
                        wake();
                    }
                });
            } catch (RejectedExecutionException e) {
                capacity.release();   // shutting down: the lease expires and another instance takes it
            }
        }
    }

    private void attempt(DeliveryRepository.Claimed c) {
        Instant started = Timestamps.millis(clock.instant());
        long t0 = System.nanoTime();
        Integer status = null;
        String error = null;
        boolean retryable;
        try {
            URI uri = URI.create(c.url());
            guard.resolveAndCheck(uri);
            byte[] body = c.payload().getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.attemptTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Verdict-Webhooks/1")
                    .header(Signature.HEADER, Signature.header(c.secret(), clock.instant().getEpochSecond(), body))
                    .header("Verdict-Event-Id", c.eventId())
                    .header("Verdict-Event-Type", c.eventType())
                    .header("Verdict-Delivery-Id", c.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            retryable = status == 429 || status >= 500;
            if (status < 200 || status >= 300) {
                error = "HTTP " + status;
            }
        } catch (TargetGuard.RefusedTarget e) {
            error = "refused: the host resolves to a non-public address";
            retryable = false;
        } catch (HttpTimeoutException e) {
            error = "timeout after " + properties.attemptTimeout().toMillis() + " ms";
            retryable = true;
        } catch (UnknownHostException e) {
            error = "host does not resolve";
            retryable = true;
        } catch (IOException e) {
            error = "connection error (" + e.getClass().getSimpleName() + ")";
            retryable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;   // shutting down: the lease expires and the delivery is attempted again
        } catch (IllegalArgumentException e) {
            error = "invalid URL";
            retryable = false;
        }
        long durationMs = (System.nanoTime() - t0) / 1_000_000;
        record(c, started, status, error, retryable, durationMs);
    }

    private void record(DeliveryRepository.Claimed c, Instant started, Integer status, String error,
                        boolean retryable, long durationMs) {
        boolean success = error == null;
        transactions.executeWithoutResult(tx -> {
            Instant now = Timestamps.millis(clock.instant());
            deliveries.insertAttempt(c.tenantId(), Ids.next("att", clock), c.id(), started, status, error, durationMs);
            String state;
            Instant next = now;
            if (success) {
                state = DeliveryRepository.DELIVERED;
            } else {
                Instant retryAt = now.plus(backoff.after(c.attempts() + 1));
                boolean withinWindow = retryAt.isBefore(c.createdAt().plus(properties.retryFor()));
                state = retryable && withinWindow ? DeliveryRepository.PENDING : DeliveryRepository.FAILED;
                next = DeliveryRepository.PENDING.equals(state) ? retryAt : now;
            }
            if (!deliveries.finishAttempt(c, state, next, status, error, now)) {
                log.info("Webhook delivery {}: lease lost during the attempt; its outcome is logged only", c.id());
                return;
            }
            if (success) {
                delivered.increment();
            } else {
                failedAttempts.increment();
                if (DeliveryRepository.FAILED.equals(state)) {
                    givenUp.increment();
                }
                log.info("Webhook delivery {} attempt {} failed: {}{}", c.id(), c.attempts() + 1, error,
                        DeliveryRepository.PENDING.equals(state) ? ", retry at " + Timestamps.format(next)
                                : ", given up");
            }
            health(c, success, now);
        });
    }

    /** Tracks since when an endpoint has failed without a success, and disables it after {@code disable-after}. */
    private void health(DeliveryRepository.Claimed c, boolean success, Instant now) {
        Subscription s = subscriptions.findForUpdate(c.tenantId(), c.subscriptionId()).orElse(null);
        if (s == null) {
            return;
        }
        if (success) {
            if (s.failingSince() != null) {
                subscriptions.update(withHealth(s, s.active(), null, s.disabledAt(), s.disabledReason(), now));
            }
            return;
        }
        Instant since = s.failingSince() == null ? now : s.failingSince();
        if (s.active() && !since.plus(properties.disableAfter()).isAfter(now)) {
            Subscription disabled = withHealth(s, false, since, now, "failing since " + Timestamps.format(since), now);
            subscriptions.update(disabled);
            audit.record(s.tenantId(), ACTOR, "webhook.disabled", "webhook", s.id(), WebhookView.of(s),
                    WebhookView.of(disabled));
            log.warn("Webhook {} of tenant {} disabled: failing since {}", s.id(), s.tenantId(),
                    Timestamps.format(since));
        } else if (s.failingSince() == null) {
            subscriptions.update(withHealth(s, s.active(), since, s.disabledAt(), s.disabledReason(), now));
        }
    }

    private static Subscription withHealth(Subscription s, boolean active, Instant failingSince, Instant disabledAt,
                                           String reason, Instant now) {
        return new Subscription(s.tenantId(), s.id(), s.url(), s.description(), s.eventTypes(), active, s.secret(),
                failingSince, disabledAt, reason, s.createdAt(), now);
    }
}
