package dev.verdict.client;

import dev.verdict.core.BucketHash;
import dev.verdict.core.BucketLayout;
import dev.verdict.core.SdkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Assigns customers to variants in-process, with the server's sticky guarantees.
 *
 * <p>The client polls the tenant's configuration feed ({@code GET /api/v1/sdk/config}, with {@code If-None-Match})
 * and compiles it into a table per experiment: for each of the 10,000 buckets, the answer when every configuration
 * version that can still hold a live assignment maps the bucket to the same variant. Such an answer is provably the
 * server's (a returning customer's live assignment was made under one of those versions, a new customer gets the
 * current one), so {@link #assign} returns it without a network call or an allocation, and reports it to the server
 * asynchronously as an exposure. A customer whose bucket moved between live versions is asked of the server, with a
 * short timeout; if the server cannot answer, the newest version's variant is returned, marked
 * {@link AssignmentSource#FALLBACK}.
 *
 * <p>Thread-safe. {@link #build() Building} starts one daemon scheduler thread that polls and sends exposures;
 * {@link #close()} sends what is queued (bounded by a timeout) and stops it. Errors never reach the caller; they go to
 * the {@link VerdictListener}. Assignments and exposures need an editor or admin key; any key reads the feed.
 *
 * <pre>{@code
 * VerdictClient verdict = VerdictClient.builder(URI.create("https://verdict.internal"), apiKey)
 *         .bootstrapFile(Path.of("/var/cache/verdict/feed.json"))
 *         .build();
 * verdict.awaitReady(Duration.ofSeconds(5));
 * AssignmentResult a = verdict.assign("credit-limit", customerId);
 * }</pre>
 */
public final class VerdictClient implements AutoCloseable {

    /** The longest customer id the server accepts. */
    public static final int MAX_CUSTOMER_ID = 256;

    /**
     * The answer for an experiment key the feed does not list (or while there is no feed): the champion without a
     * model, marked FALLBACK, phase and version 0. The application decides what "champion" means for a key Verdict
     * does not know.
     */
    public static final AssignmentResult UNKNOWN_EXPERIMENT = new AssignmentResult(BucketLayout.CHAMPION, null, null,
            false, 0, 0, AssignmentSource.FALLBACK);

    /** After a failed server call, moved buckets get the fallback at once for this long instead of waiting again. */
    static final Duration SERVER_BACKOFF = Duration.ofSeconds(1);
    static final int RECENTLY_REPORTED_SLOTS = 16_384;

    private final VerdictHttp http;
    private final Notifier notifier;
    private final MeterRegistry registry;
    private final ClientMetrics metrics;
    private final Clock clock;
    private final ExposureQueue queue;
    private final RecentlyReported recent;
    private final ServerAnswers serverAnswers;
    private final ExposureReporter reporter;
    private final BootstrapFile bootstrap;
    private final long pollIntervalNanos;
    private final long flushIntervalNanos;
    private final Duration requestTimeout;
    private final Duration serverAssignTimeout;
    private final Duration closeTimeout;
    private final int wakeAt;
    private final SplittableRandom jitter = new SplittableRandom();
    private final Object readyLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread scheduler;

    private volatile CompiledFeed feed;
    private volatile boolean confirmedByServer;
    private volatile long confirmedAtMillis;
    private volatile boolean firstFetchDone;
    private volatile boolean flushRequested;
    private volatile boolean polling;
    private volatile boolean closing;
    private volatile Deadline closeDeadline = Deadline.NONE;
    private volatile long serverBackoffUntilNanos = System.nanoTime();

    private VerdictClient(Builder b) {
        this.http = b.offline ? null : new VerdictHttp(b.baseUrl, b.apiKey, b.connectTimeout, b.requestTimeout);
        this.notifier = new Notifier(b.listener);
        this.registry = b.meterRegistry;
        this.clock = b.clock;
        this.queue = new ExposureQueue(b.exposureQueueSize);
        this.recent = new RecentlyReported(RECENTLY_REPORTED_SLOTS);
        this.serverAnswers = new ServerAnswers(b.serverAnswerCacheSize);
        this.metrics = new ClientMetrics(registry, this, VerdictClient::configAgeSeconds, queue);
        this.reporter = new ExposureReporter(queue, recent, http, metrics, notifier, b.exposureBatchSize);
        this.bootstrap = b.bootstrapFile == null ? null : new BootstrapFile(b.bootstrapFile);
        this.pollIntervalNanos = b.pollInterval.toNanos();
        this.flushIntervalNanos = b.exposureFlushInterval.toNanos();
        this.requestTimeout = b.requestTimeout;
        this.serverAssignTimeout = b.serverAssignTimeout;
        this.closeTimeout = b.closeTimeout;
        this.wakeAt = Math.min(b.exposureBatchSize, b.exposureQueueSize);

        if (b.initialConfig != null) {
            install(CompiledFeed.compile(b.initialConfig, notifier::error), clock.millis());
        } else if (bootstrap != null) {
            loadBootstrap();
        }
        if (http == null) {
            scheduler = null;
        } else {
            scheduler = new Thread(this::run, "verdict-client-scheduler");
            scheduler.setDaemon(true);
            scheduler.start();
        }
    }

    /**
     * A builder for a client of the Verdict server at {@code baseUrl} (for example {@code https://verdict.internal}),
     * authenticating with {@code apiKey}: an editor or admin key, since assignments and exposures are writes.
     */
    public static Builder builder(URI baseUrl, String apiKey) {
        return new Builder(baseUrl, apiKey);
    }

    /**
     * The customer's variant in the experiment. Never throws for operational errors: an unknown experiment answers
     * {@link #UNKNOWN_EXPERIMENT}, a moved bucket the server cannot answer gets the newest version's variant marked
     * FALLBACK, and the listener is told. A paused experiment answers the champion, locally, and nothing is reported
     * (the server does not record paused experiments either).
     *
     * @param experimentKey the experiment's key
     * @param customerId    1 to 256 characters, not blank
     * @throws IllegalArgumentException when {@code experimentKey} is null or {@code customerId} is null, blank or
     *                                  longer than 256 characters (programming errors)
     */
    public AssignmentResult assign(String experimentKey, String customerId) {
        if (experimentKey == null) {
            throw new IllegalArgumentException("experimentKey must not be null");
        }
        if (customerId == null || customerId.isBlank() || customerId.length() > MAX_CUSTOMER_ID) {
            throw new IllegalArgumentException("customerId must be 1 to 256 characters and not blank");
        }
        CompiledFeed current = feed;
        CompiledExperiment e = current == null ? null : current.experiment(experimentKey);
        if (e == null) {
            return unknownExperiment(experimentKey, current == null);
        }
        if (!e.active) {
            metrics.local.increment();
            return e.champion;
        }
        int bucket = BucketHash.bucket(experimentKey, customerId);
        AssignmentResult agreed = e.agreedAnswer(bucket);
        if (agreed == null) {
            return askServer(e, bucket, customerId);
        }
        metrics.local.increment();
        report(e, agreed, customerId);
        return agreed;
    }

    /**
     * Waits until the client can assign from a configuration: the server's ({@link ReadyStatus#READY_FROM_SERVER}),
     * or the bootstrap file's once the first poll has failed ({@link ReadyStatus#READY_FROM_BOOTSTRAP}), at most
     * {@code timeout}. Never throws; an interrupt ends the wait early (and stays set).
     */
    public ReadyStatus awaitReady(Duration timeout) {
        long wait = timeout == null || timeout.isNegative() ? 0 : saturatedNanos(timeout);
        long deadline = System.nanoTime() + wait;
        synchronized (readyLock) {
            while (!ready()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(readyLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return readyStatus();
    }

    /** What the client assigns from right now. */
    public ReadyStatus readyStatus() {
        if (confirmedByServer) {
            return ReadyStatus.READY_FROM_SERVER;
        }
        return feed == null ? ReadyStatus.NOT_READY : ReadyStatus.READY_FROM_BOOTSTRAP;
    }

    /** The revision of the configuration in use (the server's ETag without quotes), or null without one. */
    public String configRevision() {
        CompiledFeed current = feed;
        return current == null ? null : current.revision;
    }

    /** The registry holding the client's {@code verdict.client.*} meters. */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    /**
     * Sends every queued exposure (bounded by the close timeout) and stops the scheduler thread. Afterwards
     * {@code assign} still answers from the last configuration but reports nothing. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeDeadline = Deadline.in(closeTimeout);
        closing = true;
        if (scheduler == null) {
            reporter.dropPending("the client was offline");
            signalReady();
            return;
        }
        if (polling) {
            scheduler.interrupt();   // the close budget is for the exposures, not for a hanging poll
        }
        LockSupport.unpark(scheduler);
        try {
            scheduler.join(TimeUnit.NANOSECONDS.toMillis(saturatedNanos(closeTimeout)) + 1_000);
            if (scheduler.isAlive()) {
                scheduler.interrupt();
                scheduler.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signalReady();
    }

    @Override
    public String toString() {
        return "VerdictClient[" + readyStatus() + ", revision " + configRevision() + "]";
    }

    /** The compiled feed in use (tests: a 304 keeps the very same object). */
    CompiledFeed feed() {
        return feed;
    }

    // --- assignment -------------------------------------------------------------------------------------------------

    private AssignmentResult unknownExperiment(String experimentKey, boolean noFeed) {
        metrics.fallback.increment();
        notifier.error(new ClientError(ClientError.Kind.UNKNOWN_EXPERIMENT, experimentKey, noFeed
                ? "no configuration yet: answered the champion without a model"
                : "the configuration lists no active or paused experiment with this key: answered the champion "
                + "without a model", null));
        return UNKNOWN_EXPERIMENT;
    }

    private void report(CompiledExperiment e, AssignmentResult answer, String customerId) {
        if (closing) {
            return;
        }
        if (recent.contains(e.id, e.idHash, e.phase, customerId, answer.variant())) {
            metrics.skipped.increment();
            return;
        }
        int size = queue.offer(e, answer, customerId, clock.millis());
        if (size < 0) {
            metrics.droppedOverflow.increment(-size);
        }
        if ((size < 0 || size >= wakeAt) && !flushRequested) {
            flushRequested = true;
            LockSupport.unpark(scheduler);
        }
    }

    private AssignmentResult askServer(CompiledExperiment e, int bucket, String customerId) {
        AssignmentResult cached = serverAnswers.get(e, customerId, clock.millis());
        if (cached != null) {
            metrics.server.increment();
            return cached;
        }
        if (http == null) {
            return fallback(e, bucket, "the client is offline", null);
        }
        if (System.nanoTime() - serverBackoffUntilNanos < 0) {
            return fallback(e, bucket, "the server failed less than " + SERVER_BACKOFF.toMillis()
                    + " ms ago and was not asked", null);
        }
        try {
            VerdictHttp.ServerAssignment a = http.assign(e.id, customerId, serverAssignTimeout);
            AssignmentResult answer = new AssignmentResult(a.variant(), a.modelId(), a.modelKey(), a.controlGroup(),
                    a.phase(), e.versionGiving(a.variant(), bucket), AssignmentSource.SERVER);
            if (a.recorded() && a.expiresAt() != null) {
                serverAnswers.put(e.id, customerId, answer, a.expiresAt().toEpochMilli());
            }
            metrics.server.increment();
            return answer;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return fallback(e, bucket, "interrupted while asking the server", ex);
        } catch (VerdictHttp.ServerError ex) {
            if (ex.retriable()) {
                backOff();
            }
            return fallback(e, bucket, ex.getMessage(), ex);
        } catch (IOException | RuntimeException ex) {
            backOff();
            return fallback(e, bucket, String.valueOf(ex), ex);
        }
    }

    private void backOff() {
        serverBackoffUntilNanos = System.nanoTime() + SERVER_BACKOFF.toNanos();
    }

    private AssignmentResult fallback(CompiledExperiment e, int bucket, String why, Throwable cause) {
        metrics.fallback.increment();
        notifier.error(new ClientError(ClientError.Kind.SERVER_ASSIGN, e.key,
                "the customer's bucket moved between live versions and the server could not answer (" + why
                        + "): answered the newest version's variant", cause));
        return e.fallbackAnswer(bucket);
    }

    // --- configuration ----------------------------------------------------------------------------------------------

    private void loadBootstrap() {
        if (!bootstrap.exists()) {
            return;
        }
        try {
            SdkConfig config = VerdictHttp.parseConfig(bootstrap.read());
            install(CompiledFeed.compile(config, notifier::error), bootstrap.lastModifiedMillis());
            notifier.event(new ClientEvent(ClientEvent.Kind.CONFIG_FROM_BOOTSTRAP, "revision " + config.revision()
                    + " from " + bootstrap));
        } catch (IOException | RuntimeException e) {
            notifier.error(new ClientError(ClientError.Kind.BOOTSTRAP_READ, null, "could not use the bootstrap file "
                    + bootstrap + ": " + e, e));
        }
    }

    private void install(CompiledFeed compiled, long confirmedAt) {
        feed = compiled;
        confirmedAtMillis = confirmedAt;
    }

    private void poll() throws InterruptedException {
        CompiledFeed current = feed;
        try {
            VerdictHttp.ConfigResponse r;
            polling = true;
            try {
                r = http.fetchConfig(current == null ? null : current.etag());
            } finally {
                polling = false;
            }
            if (r.notModified() && current != null) {
                metrics.notModified.increment();
                confirm();
                return;
            }
            if (r.notModified()) {
                throw new IOException("304 without a configuration to keep");
            }
            SdkConfig config = VerdictHttp.parseConfig(r.body());
            CompiledFeed next = CompiledFeed.compile(config, notifier::error);
            metrics.fetched.increment();
            if (next.changesVersionsOf(current)) {
                // The server must hold each customer's first local answer before a moved bucket is asked about.
                reporter.flush(Deadline.in(requestTimeout));
            }
            writeBootstrap(r.body());   // before it is used: a client ready from the server has its file
            feed = next;
            confirm();
            notifier.event(new ClientEvent(ClientEvent.Kind.CONFIG_UPDATED, "revision " + next.revision + ", "
                    + next.size() + " experiments"));
        } catch (VerdictHttp.ServerError | IOException | RuntimeException e) {
            metrics.fetchFailed.increment();
            notifier.error(new ClientError(ClientError.Kind.CONFIG_FETCH, null, "fetching the configuration failed ("
                    + (current == null ? "no configuration yet" : "kept revision " + current.revision) + "): " + e, e));
        } finally {
            if (!firstFetchDone) {
                firstFetchDone = true;
                signalReady();
            }
        }
    }

    private void confirm() {
        confirmedAtMillis = clock.millis();
        if (!confirmedByServer) {
            confirmedByServer = true;
            signalReady();
        }
    }

    private void writeBootstrap(byte[] body) {
        if (bootstrap == null) {
            return;
        }
        try {
            bootstrap.write(body);
        } catch (IOException | RuntimeException e) {
            notifier.error(new ClientError(ClientError.Kind.BOOTSTRAP_WRITE, null, "could not write the bootstrap file "
                    + bootstrap + ": " + e, e));
        }
    }

    private boolean ready() {
        return confirmedByServer || closed.get() || (feed != null && (firstFetchDone || http == null));
    }

    private void signalReady() {
        synchronized (readyLock) {
            readyLock.notifyAll();
        }
    }

    private double configAgeSeconds() {
        return feed == null ? Double.NaN : (clock.millis() - confirmedAtMillis) / 1000.0;
    }

    // --- the scheduler thread ---------------------------------------------------------------------------------------

    private void run() {
        long nextPoll = System.nanoTime();
        long nextFlush = nextPoll + flushIntervalNanos;
        while (!closing) {
            try {
                if (System.nanoTime() - nextPoll >= 0) {
                    poll();
                    nextPoll = System.nanoTime() + jittered(pollIntervalNanos);
                }
                if (!closing && (flushRequested || System.nanoTime() - nextFlush >= 0)) {
                    flushRequested = false;
                    reporter.flush(Deadline.NONE);
                    nextFlush = System.nanoTime() + flushIntervalNanos;
                }
                long wait = Math.min(nextPoll, nextFlush) - System.nanoTime();
                if (wait > 0 && !flushRequested && !closing) {
                    LockSupport.parkNanos(this, wait);
                }
            } catch (InterruptedException e) {
                // close() interrupted a hanging request; the loop condition decides
            } catch (RuntimeException | Error e) {
                notifier.error(new ClientError(ClientError.Kind.EXPOSURE_REPORT, null,
                        "unexpected error on the scheduler thread: " + e, e));
            }
        }
        Thread.interrupted();   // an interrupt meant for a poll must not cancel the final flush
        Deadline deadline = closeDeadline;
        try {
            while (reporter.pending() > 0 && !deadline.passed()) {
                if (!reporter.flush(deadline) && reporter.pending() > 0) {
                    LockSupport.parkNanos(Math.min(deadline.remainingNanos(), TimeUnit.MILLISECONDS.toNanos(50)));
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            notifier.error(new ClientError(ClientError.Kind.EXPOSURE_REPORT, null, "flushing on close failed: " + e, e));
        }
        reporter.dropPending("close() ran out of time or the server did not take them");
    }

    /** The interval ±10 %, so a fleet of clients started together does not poll in step. */
    private long jittered(long nanos) {
        return (long) (nanos * (0.9 + 0.2 * jitter.nextDouble()));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }

    /**
     * Options of a {@link VerdictClient}. Defaults: poll every 30 s (±10 % jitter), connect timeout 2 s, request
     * timeout 5 s, server assignment timeout 300 ms, no bootstrap file, exposure queue 10,000, batches of 500 sent
     * every second (sooner when a batch is full), close timeout 5 s, a listener that logs to
     * {@code System.getLogger("dev.verdict.client")}, a {@link SimpleMeterRegistry}, the system UTC clock.
     */
    public static final class Builder {

        private final URI baseUrl;
        private final String apiKey;
        private Duration pollInterval = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration serverAssignTimeout = Duration.ofMillis(300);
        private Path bootstrapFile;
        private int exposureQueueSize = 10_000;
        private int exposureBatchSize = 500;
        private Duration exposureFlushInterval = Duration.ofSeconds(1);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private int serverAnswerCacheSize = 10_000;
        private VerdictListener listener = new LoggingListener();
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();
        private boolean offline;
        private SdkConfig initialConfig;

        private Builder(URI baseUrl, String apiKey) {
            if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null
                    || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URI, got " + baseUrl);
            }
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey is required");
            }
            this.baseUrl = baseUrl;
            this.apiKey = apiKey;
        }

        /** How often the feed is polled (default 30 s); each wait varies by ±10 %. */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive(interval, "pollInterval");
            return this;
        }

        /** Timeout to open a connection (default 2 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Timeout of a feed fetch or an exposure batch (default 5 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Timeout of asking the server about a customer in a moved bucket (default 300 ms); then the fallback. */
        public Builder serverAssignTimeout(Duration timeout) {
            this.serverAssignTimeout = positive(timeout, "serverAssignTimeout");
            return this;
        }

        /**
         * A file holding the last fetched feed: read at start when present, so the client can assign before (or
         * without) reaching the server, and rewritten atomically after every fetch that brings a new feed.
         */
        public Builder bootstrapFile(Path file) {
            this.bootstrapFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** How many exposures may wait to be sent (default 10,000); when full, the oldest are dropped and counted. */
        public Builder exposureQueueSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("exposureQueueSize must be at least 1, got " + size);
            }
            this.exposureQueueSize = size;
            return this;
        }

        /** Exposures per request, 1 to 1,000 (default 500); a full batch wakes the sender before the interval. */
        public Builder exposureBatchSize(int size) {
            if (size < 1 || size > 1_000) {
                throw new IllegalArgumentException("exposureBatchSize must be 1 to 1000, got " + size);
            }
            this.exposureBatchSize = size;
            return this;
        }

        /** How often queued exposures are sent (default 1 s). */
        public Builder exposureFlushInterval(Duration interval) {
            this.exposureFlushInterval = positive(interval, "exposureFlushInterval");
            return this;
        }

        /** How long {@link VerdictClient#close()} may spend sending what is queued (default 5 s). */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive(timeout, "closeTimeout");
            return this;
        }

        /** How many server answers for moved buckets are kept, least recently used out first (default 10,000). */
        public Builder serverAnswerCacheSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("serverAnswerCacheSize must be at least 1, got " + size);
            }
            this.serverAnswerCacheSize = size;
            return this;
        }

        /** Receives errors and events (default: logged to {@code System.getLogger("dev.verdict.client")}). */
        public Builder listener(VerdictListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Where the {@code verdict.client.*} meters go (default: a new {@link SimpleMeterRegistry}). */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The clock for assignment times and the configuration age (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A configuration to start from, used as the bootstrap file would be (and instead of it). With
         * {@link #offline()}, a client that assigns from a fixed feed: for tests and benchmarks.
         */
        public Builder initialConfig(SdkConfig config) {
            this.initialConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Never contact the server and start no thread: assign from the {@link #initialConfig} or bootstrap file
         * only. Moved buckets get the fallback; locally decided exposures are queued as usual and, with nobody to
         * send them, dropped oldest first (counted).
         */
        public Builder offline() {
            this.offline = true;
            return this;
        }

        /** Starts the client (and its scheduler thread unless offline). Never throws for an unreachable server. */
        public VerdictClient build() {
            if (meterRegistry == null) {
                meterRegistry = new SimpleMeterRegistry();
            }
            return new VerdictClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }

    /** The default listener: errors as warnings, events at debug level. */
    private static final class LoggingListener implements VerdictListener {

        private static final System.Logger LOG = System.getLogger("dev.verdict.client");

        @Override
        public void onError(ClientError error) {
            LOG.log(System.Logger.Level.WARNING, error.kind() + (error.experimentKey() == null ? ""
                    : " [" + error.experimentKey() + "]") + ": " + error.message());
        }

        @Override
        public void onEvent(ClientEvent event) {
            LOG.log(System.Logger.Level.DEBUG, event.kind() + ": " + event.message());
        }
    }
}
