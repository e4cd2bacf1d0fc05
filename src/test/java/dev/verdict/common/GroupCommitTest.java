package dev.verdict.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    void underLoadALingeringCommitterLetsLaterJobsJoinTheBatchAndReportsEveryBatchSize() throws Exception {
        java.util.concurrent.CountDownLatch firstBatchMayFinish = new java.util.concurrent.CountDownLatch(1);
        List<Integer> written = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> observed = java.util.Collections.synchronizedList(new ArrayList<>());
        commit = new GroupCommit<Integer, Integer>("test", jobs -> {
            if (jobs.contains(1)) {
                try {
                    firstBatchMayFinish.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            written.add(jobs.size());
            return insertAll(jobs);
        }, 64, Duration.ofSeconds(10)).linger(Duration.ofMillis(400)).observeBatchSizes(observed::add);

        CompletableFuture<Integer> first = commit.enqueue(1);
        Thread.sleep(50);                        // the committer holds [1] and waits
        CompletableFuture<Integer> second = commit.enqueue(2);
        CompletableFuture<Integer> third = commit.enqueue(3);
        firstBatchMayFinish.countDown();          // [1], then [2, 3]: under load from now on
        assertThat(commit.await(first)).isEqualTo(10);
        assertThat(commit.await(third)).isEqualTo(30);
        CompletableFuture<Integer> fourth = commit.enqueue(4);
        Thread.sleep(50);                        // within the linger: joins the batch of 4
        CompletableFuture<Integer> fifth = commit.enqueue(5);

        assertThat(commit.await(second)).isEqualTo(20);
        assertThat(commit.await(fourth)).isEqualTo(40);
        assertThat(commit.await(fifth)).isEqualTo(50);
        assertThat(written).containsExactly(1, 2, 2);
        assertThat(observed).isEqualTo(written);
        assertThat(rows()).isEqualTo(5);
    }
}
