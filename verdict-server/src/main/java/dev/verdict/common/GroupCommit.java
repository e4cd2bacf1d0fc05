package dev.verdict.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: concurrent callers hand their writes to a committer thread, which writes everything queued as one
 * atomic unit and answers each caller only after it committed. A caller therefore never gets an answer for a write
 * that is not durable, while the database sees one commit (one WAL flush) and one writer per batch instead of one
 * per request. When a batch fails, each job of it is written again on its own, so one bad job cannot fail the
 * others. A lone request meets an idle writer and takes the short path: it is written on the caller's own thread,
 * with no hand-off and no wait (see {@link #submit}).
 *
 * @param <J> a job: what one caller wants written
 * @param <R> what the caller gets back for it
 */
public final class GroupCommit<J, R> {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /**
     * Writes a batch of jobs atomically and durably (all or nothing, committed when it returns): in a transaction
     * it opens, or as one auto-committed statement. One result per job, in order.
     */
    @FunctionalInterface
    public interface BatchWriter<J, R> extends Function<List<J>, List<R>> {

        /** A writer that runs {@code writer} in a transaction of its own. */
        static <J, R> BatchWriter<J, R> inTransaction(TransactionTemplate transactions,
                                                      Function<List<J>, List<R>> writer) {
            return jobs -> transactions.execute(tx -> writer.apply(jobs));
        }
    }

    private record Pending<J, R>(J job, CompletableFuture<R> result) { }

    private final String name;
    private final BatchWriter<J, R> writer;
    private final int maxBatch;
    private final Duration timeout;
    private final BlockingQueue<Pending<J, R>> queue = new LinkedBlockingQueue<>();
    private final int committers;
    /** One permit per committer: whoever writes (a committer, or a caller on the short path) holds one. */
    private final Semaphore writing;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean accepting;
    private volatile boolean running;
    private volatile long lingerNanos;
    private volatile int targetBatch;
    /** Jobs queued since the start, for the committers' estimate of the arrival rate. */
    private final LongAdder arrivals = new LongAdder();
    private final LongAdder shortPaths = new LongAdder();
    private volatile long startArrivals;
    private volatile long startNanos;
    private volatile IntConsumer batchSizes = size -> { };

    public GroupCommit(String name, BatchWriter<J, R> writer, int maxBatch, Duration timeout) {
        this(name, writer, maxBatch, timeout, 1);
    }

    /**
     * With several committers, one batch can be written while another waits for its commit to reach the disk;
     * writers must then take row locks in a consistent order (they sort their rows by key).
     */
    public GroupCommit(String name, BatchWriter<J, R> writer, int maxBatch, Duration timeout, int committers) {
        this.committers = Math.max(1, committers);
        this.writing = new Semaphore(this.committers);
        this.name = name;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.timeout = timeout;
        start();
    }

    /** Starts the committer (again, after {@link #shutdown}: a paused application context restarts it). */
    public synchronized void start() {
        if (threads.stream().anyMatch(Thread::isAlive)) {
            accepting = true;
            return;
        }
        threads.clear();
        startArrivals = arrivals.sum();
        startNanos = System.nanoTime();
        running = true;
        accepting = true;
        for (int i = 0; i < committers; i++) {
            Thread thread = new Thread(this::loop, "group-commit-" + name + "-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /**
     * Under load, lets a batch grow to {@code targetBatch} jobs before it is written, waiting at most {@code linger}
     * for them: fewer, bigger commits cost the database less CPU per job (one statement, one WAL flush each). A
     * committer waits only when the recent arrival rate says the missing jobs will come within the linger, so at
     * low load nobody waits. A target of one or less, or a zero linger: no waiting.
     */
    public GroupCommit<J, R> batching(int targetBatch, Duration linger) {
        this.targetBatch = Math.min(targetBatch, maxBatch);
        this.lingerNanos = linger.toNanos();
        return this;
    }

    /** Tells {@code observer} the number of jobs of every batch written (a metric). */
    public GroupCommit<J, R> observeBatchSizes(IntConsumer observer) {
        this.batchSizes = observer;
        return this;
    }

    public String name() {
        return name;
    }

    /**
     * Writes the job and returns its result once committed; rethrows the job's failure. When nothing is queued and
     * a writer's slot is free (low load), the job is written at once on the caller's thread: the same atomic,
     * durable write of a batch of one, without the hand-off to a committer. Under load the queue is rarely empty
     * and the slots are held by committers, so jobs still share batches.
     */
    public R submit(J job) {
        if (accepting && queue.isEmpty() && writing.tryAcquire()) {
            try {
                arrivals.increment();
                shortPaths.increment();
                batchSizes.accept(1);
                List<R> written = writer.apply(List.of(job));
                return written.get(0);
            } finally {
                writing.release();
            }
        }
        return await(enqueue(job));
    }

    /** Jobs waiting for a committer. */
    public int queued() {
        return queue.size();
    }

    /** Jobs written on their caller's thread (the short path), since the start; for tests and metrics. */
    public long shortPaths() {
        return shortPaths.sum();
    }

    /** Queues a job without waiting, so a caller with many jobs gets them into as few commits as possible. */
    public CompletableFuture<R> enqueue(J job) {
        if (!accepting) {
            throw new WriteUnavailableException("The " + name + " writer is shutting down", null);
        }
        Pending<J, R> pending = new Pending<>(job, new CompletableFuture<>());
        arrivals.increment();   // before the job can be taken, so the committer's count includes it
        queue.add(pending);
        return pending.result();
    }

    /** Waits for a queued job's commit; rethrows the job's failure. */
    public R await(CompletableFuture<R> result) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteUnavailableException("Interrupted while waiting for the " + name + " commit", e);
        } catch (TimeoutException e) {
            // The job may still commit later; the caller must treat the outcome as unknown (and retry idempotently).
            throw new WriteUnavailableException("The " + name + " commit did not finish within " + timeout, e);
        }
    }

    private void loop() {
        List<Pending<J, R>> batch = new ArrayList<>(maxBatch);
        ArrivalRate rate = new ArrivalRate(startArrivals, startNanos);
        while (running || !queue.isEmpty()) {
            try {
                Pending<J, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // The slot is taken before the batch grows, so no caller takes the short path past a forming batch.
                writing.acquire();
                try {
                    batch.clear();
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    fill(batch, rate.update(arrivals.sum(), System.nanoTime()));
                    batchSizes.accept(batch.size());
                    write(batch);
                } finally {
                    writing.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("Group commit {} loop failed", name, e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
        }
    }

    /**
     * Lets the batch grow towards the target while the arrival rate ({@code perNano} jobs per nanosecond) says the
     * missing jobs will come before the linger is over: sleeps for the time they should take and takes what came,
     * until the target, the end of the linger, or shutdown. It stops waiting as soon as a sleep brought nothing: the
     * load has fallen, or (with a fixed number of clients) every caller is already waiting for this commit, and
     * waiting longer would only leave the CPU idle.
     */
    private void fill(List<Pending<J, R>> batch, double perNano) {
        long linger = lingerNanos;
        int target = targetBatch;
        if (linger <= 0 || batch.size() >= target || perNano * linger < target - batch.size()) {
            return;
        }
        long deadline = System.nanoTime() + linger;
        while (batch.size() < target && running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            int before = batch.size();
            LockSupport.parkNanos(Math.max(MIN_PARK_NANOS, Math.min(left, (long) ((target - before) / perNano))));
            queue.drainTo(batch, maxBatch - batch.size());
            if (batch.size() == before) {
                return;
            }
        }
    }

    private static final long MIN_PARK_NANOS = 20_000;

    /**
     * A committer's estimate of how fast jobs arrive (jobs per nanosecond): an exponentially weighted average over
     * the intervals between the batches it takes, so a burst after a quiet spell does not make it wait at once.
     */
    private static final class ArrivalRate {
        private long arrivals;
        private long at;
        private double perNano;

        ArrivalRate(long arrivals, long at) {
            this.arrivals = arrivals;
            this.at = at;
        }

        double update(long arrivalsNow, long now) {
            long elapsed = now - at;
            if (elapsed > 0) {
                double sample = (arrivalsNow - arrivals) / (double) elapsed;
                perNano = perNano == 0 ? sample : 0.75 * perNano + 0.25 * sample;
                arrivals = arrivalsNow;
                at = now;
            }
            return perNano;
        }
    }

    private void write(List<Pending<J, R>> batch) {
        List<J> jobs = batch.stream().map(Pending::job).toList();
        try {
            List<R> results = writer.apply(jobs);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            log.debug("Group commit {} batch of {} failed; retrying one by one", name, batch.size(), e);
            for (Pending<J, R> p : batch) {
                try {
                    List<R> one = writer.apply(List.of(p.job()));
                    p.result().complete(one.get(0));
                } catch (RuntimeException single) {
                    p.result().completeExceptionally(single);
                }
            }
        }
    }

    /** Stops taking jobs, writes everything already queued, and ends the committer thread. */
    public synchronized void shutdown(Duration wait) {
        accepting = false;
        running = false;
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
