package dev.verdict.common;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts and stops every {@link GroupCommit} with the application: they stop after the web server has finished its
 * in-flight requests (a lower lifecycle phase stops later), writing what is queued; a paused context restarts them.
 */
@Component
public class GroupCommits implements SmartLifecycle {

    private final List<GroupCommit<?, ?>> writers = new CopyOnWriteArrayList<>();
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final WriteProperties settings;
    private volatile boolean running;

    private final MeterRegistry meters;

    public GroupCommits(WriteProperties settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
    }

    /**
     * A writer for single-customer requests: {@code verdict.write.committers} committers (one by default, so that
     * concurrent requests share big batches, the least CPU per request).
     */
    public <J, R> GroupCommit<J, R> single(String name, GroupCommit.BatchWriter<J, R> writer) {
        return register(new GroupCommit<>(name, writer, settings.maxBatch(), WRITE_TIMEOUT, settings.committers()));
    }

    /**
     * A writer for the batch endpoints: {@code verdict.write.bulk-committers} committers writing in parallel, as
     * their statements are long enough that a second PostgreSQL backend pays off.
     */
    public <J, R> GroupCommit<J, R> bulk(String name, GroupCommit.BatchWriter<J, R> writer) {
        return register(new GroupCommit<>(name, writer, settings.maxBatch(), WRITE_TIMEOUT,
                settings.bulkCommitters()));
    }

    /** Registers a writer (it is already running) so that it follows the application's lifecycle. */
    public <J, R> GroupCommit<J, R> register(GroupCommit<J, R> writer) {
        writers.add(writer);
        DistributionSummary sizes = DistributionSummary.builder("verdict.write.batch.size")
                .description("Jobs (requests) per group commit").baseUnit("jobs").tag("writer", writer.name())
                .register(meters);
        return writer.batching(settings.targetBatch(), settings.linger()).observeBatchSizes(sizes::record);
    }

    @Override
    public void start() {
        writers.forEach(GroupCommit::start);
        running = true;
    }

    @Override
    public void stop() {
        writers.forEach(w -> w.shutdown(Duration.ofSeconds(30)));
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
