package dev.verdict.common;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts and stops every {@link GroupCommit} with the application: they stop after the web server has finished its
 * in-flight requests (a lower lifecycle phase stops later), writing what is queued; a paused context restarts them.
 */
@Component
public class GroupCommits implements SmartLifecycle {

    private final List<GroupCommit<?, ?>> writers = new CopyOnWriteArrayList<>();
    private final Duration linger;
    private final int targetBatch;
    private volatile boolean running;

    private final MeterRegistry meters;

    public GroupCommits(@Value("${verdict.write.linger:2ms}") Duration linger,
                        @Value("${verdict.write.target-batch:8}") int targetBatch, MeterRegistry meters) {
        this.linger = linger;
        this.targetBatch = targetBatch;
        this.meters = meters;
    }

    /** Registers a writer (it is already running) so that it follows the application's lifecycle. */
    public <J, R> GroupCommit<J, R> register(GroupCommit<J, R> writer) {
        writers.add(writer);
        DistributionSummary sizes = DistributionSummary.builder("verdict.write.batch.size")
                .description("Jobs (requests) per group commit").baseUnit("jobs").tag("writer", writer.name())
                .register(meters);
        return writer.batching(targetBatch, linger).observeBatchSizes(sizes::record);
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
