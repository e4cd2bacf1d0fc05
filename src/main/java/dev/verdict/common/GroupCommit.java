package dev.verdict.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * others.
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
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean accepting;
    private volatile boolean running;
    private volatile long lingerNanos;
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
     * Under load (the last batch held more than one job), waits this long after taking a batch for more jobs to join
     * it: fewer, bigger commits cost less CPU per job, at the price of this much latency. Zero: no waiting.
     */
    public GroupCommit<J, R> linger(Duration linger) {
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

    /** Writes the job and returns its result once committed; rethrows the job's failure. */
    public R submit(J job) {
        return await(enqueue(job));
    }

    /** Queues a job without waiting, so a caller with many jobs gets them into as few commits as possible. */
    public CompletableFuture<R> enqueue(J job) {
        if (!accepting) {
            throw new WriteUnavailableException("The " + name + " writer is shutting down", null);
        }
        Pending<J, R> pending = new Pending<>(job, new CompletableFuture<>());
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
        int last = 0;
        while (running || !queue.isEmpty()) {
            try {
                Pending<J, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    last = 0;
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                long linger = lingerNanos;
                if (linger > 0 && last > 1 && batch.size() < maxBatch && running) {
                    LockSupport.parkNanos(linger);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
                last = batch.size();
                batchSizes.accept(last);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("Group commit {} loop failed", name, e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
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
