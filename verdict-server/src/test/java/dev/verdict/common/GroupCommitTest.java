package dev.verdict.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class GroupCommitTest {

    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private GroupCommit<Integer, Integer> commit;

    @BeforeEach
    void database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:gc" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE TABLE t (v INTEGER PRIMARY KEY)");
        transactions = new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    @AfterEach
    void stop() {
        if (commit != null) {
            commit.shutdown(Duration.ofSeconds(5));
        }
    }

    /** Inserts each value; a negative value fails the whole transaction it is in. */
    private List<Integer> insertAll(List<Integer> values) {
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            if (v < 0) {
                throw new IllegalArgumentException("negative " + v);
            }
            jdbc.update("INSERT INTO t (v) VALUES (?)", v);
            out.add(v * 10);
        }
        return out;
    }

    private int rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM t", Integer.class);
    }

    @Test
    void answersEachCallerWithItsOwnResultAfterTheRowIsCommitted() throws Exception {
        commit = new GroupCommit<>("test", GroupCommit.BatchWriter.inTransaction(transactions, this::insertAll), 64,
                Duration.ofSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int v = i;
            answers.add(pool.submit(() -> {
                int result = commit.submit(v);
                // A caller only hears back once its row is visible to everyone (committed).
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM t WHERE v = ?", Integer.class, v)).isEqualTo(1);
                return result;
            }));
        }
        for (int i = 0; i < 500; i++) {
            assertThat(answers.get(i).get()).isEqualTo(i * 10);
        }
        pool.shutdown();
        assertThat(rows()).isEqualTo(500);
    }

    @Test
    void aLoneRequestIsWrittenOnItsOwnThreadWithoutWaitingForACommitter() {
        List<String> writerThreads = new ArrayList<>();
        GroupCommit.BatchWriter<Integer, Integer> writer = jobs -> {
            writerThreads.add(Thread.currentThread().getName());
            return transactions.execute(tx -> insertAll(jobs));
        };
        commit = new GroupCommit<>("test", writer, 64, Duration.ofSeconds(10)).batching(8, Duration.ofMillis(50));
        assertThat(commit.submit(1)).isEqualTo(10);
        assertThat(commit.submit(2)).isEqualTo(20);
        assertThat(writerThreads).containsOnly(Thread.currentThread().getName());
        assertThat(commit.shortPaths()).isEqualTo(2);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void whileACommitterWritesOtherCallersQueueAndShareTheNextBatch() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        commit = new GroupCommit<Integer, Integer>("test", jobs -> {
            batchSizes.add(jobs.size());
            if (jobs.contains(0)) {
                writing.countDown();
                await(release);
            }
            return transactions.execute(tx -> insertAll(jobs));
        }, 64, Duration.ofSeconds(10));
        CompletableFuture<Integer> first = commit.enqueue(0);   // a committer takes it and holds the writer's slot
        writing.await();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> others = new ArrayList<>();
        for (int v = 1; v <= 8; v++) {
            int job = v;
            others.add(pool.submit(() -> commit.submit(job)));
        }
        while (commit.queued() < 8) {
            Thread.onSpinWait();
        }
        release.countDown();
        assertThat(commit.await(first)).isZero();
        for (int v = 1; v <= 8; v++) {
            assertThat(others.get(v - 1).get()).isEqualTo(v * 10);
        }
        pool.shutdown();
        assertThat(commit.shortPaths()).isZero();
        assertThat(batchSizes).containsExactly(1, 8);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailingJobFailsAloneAndTheOthersOfItsBatchAreStillWritten() {
        commit = new GroupCommit<>("test", GroupCommit.BatchWriter.inTransaction(transactions, this::insertAll), 64,
                Duration.ofSeconds(10));
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int v : new int[]{1, 2, -3, 4}) {
            queued.add(commit.enqueue(v));
        }
        assertThat(commit.await(queued.get(0))).isEqualTo(10);
        assertThat(commit.await(queued.get(1))).isEqualTo(20);
        assertThatThrownBy(() -> commit.await(queued.get(2))).hasMessageContaining("negative -3");
        assertThat(commit.await(queued.get(3))).isEqualTo(40);
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void refusesWorkWhileStoppedAndWorksAgainAfterRestart() {
        commit = new GroupCommit<>("test", GroupCommit.BatchWriter.inTransaction(transactions, this::insertAll), 64,
                Duration.ofSeconds(10));
        commit.shutdown(Duration.ofSeconds(5));
        assertThatThrownBy(() -> commit.submit(1)).isInstanceOf(WriteUnavailableException.class);
        commit.start();
        assertThat(commit.submit(7)).isEqualTo(70);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void whileJobsKeepArrivingABatchWaitsForMoreAndEveryBatchSizeIsReported() throws Exception {
        List<Integer> written = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> observed = java.util.Collections.synchronizedList(new ArrayList<>());
        commit = new GroupCommit<Integer, Integer>("test", jobs -> {
            written.add(jobs.size());
            return insertAll(jobs);
        }, 64, Duration.ofSeconds(30)).batching(10, Duration.ofSeconds(20)).observeBatchSizes(observed::add);

        // A job every millisecond: written one by one (an insert takes far less), unless the committer waits.
        List<CompletableFuture<Integer>> jobs = new ArrayList<>();
        for (int v = 1; v <= 200; v++) {
            jobs.add(commit.enqueue(v));
            Thread.sleep(1);
        }
        for (int v = 1; v <= 200; v++) {
            assertThat(commit.await(jobs.get(v - 1))).isEqualTo(v * 10);
        }
        assertThat(rows()).isEqualTo(200);
        assertThat(written.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
        assertThat(written.size()).as("commits for 200 jobs, batch sizes %s", written).isLessThanOrEqualTo(100);
        assertThat(observed).isEqualTo(written);
    }

    @Test
    void aBatchIsWrittenAsSoonAsAWaitBringsNothing() throws Exception {
        commit = new GroupCommit<Integer, Integer>("test", this::insertAll, 64, Duration.ofSeconds(30))
                .batching(10, Duration.ofSeconds(20));
        List<CompletableFuture<Integer>> burst = new ArrayList<>();
        for (int v = 1; v <= 50; v++) {
            burst.add(commit.enqueue(v));   // a high arrival rate: the committer will wait for more
        }
        burst.forEach(commit::await);

        CompletableFuture<Integer> lone = commit.enqueue(100);   // and then no more come

        assertThat(lone.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1000);   // long before the linger
        assertThat(rows()).isEqualTo(51);
    }

    @Test
    void atALowArrivalRateNoJobWaitsForOthers() throws Exception {
        List<Integer> written = java.util.Collections.synchronizedList(new ArrayList<>());
        commit = new GroupCommit<Integer, Integer>("test", jobs -> {
            written.add(jobs.size());
            return insertAll(jobs);
        }, 64, Duration.ofSeconds(30)).batching(8, Duration.ofSeconds(2));

        // One job every 600 ms or so: under 2 jobs per second, far from 7 more within the two-second linger. A
        // committer that waited anyway would hold each job for the whole linger.
        for (int v = 1; v <= 3; v++) {
            Thread.sleep(600);
            CompletableFuture<Integer> job = commit.enqueue(v);
            Thread.sleep(500);
            assertThat(job).as("job %d written without waiting for the linger", v).isDone();
            assertThat(commit.await(job)).isEqualTo(v * 10);
        }
        assertThat(written).containsExactly(1, 1, 1);
    }
}
