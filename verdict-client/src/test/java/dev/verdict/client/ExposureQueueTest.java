package dev.verdict.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The ring buffer: bounded, drop-oldest, order kept. */
class ExposureQueueTest {

    private static final CompiledExperiment EXPERIMENT = CompiledExperiment.compile(
            TestFeeds.experiment("q", TestFeeds.version(1, "0", "100")));
    private static final AssignmentResult ANSWER = EXPERIMENT.agreedAnswer(0);

    @Test
    void keepsEntriesInTheOrderTheyWereOffered() {
        ExposureQueue q = new ExposureQueue(4);
        assertThat(q.offer(EXPERIMENT, ANSWER, "a", 1)).isEqualTo(1);
        assertThat(q.offer(EXPERIMENT, ANSWER, "b", 2)).isEqualTo(2);
        ExposureQueue.Entry[] drained = q.drain(10);
        assertThat(customers(drained)).containsExactly("a", "b");
        assertThat(drained[1].assignedAtMillis()).isEqualTo(2);
        assertThat(drained[0].experiment()).isSameAs(EXPERIMENT);
        assertThat(drained[0].answer()).isSameAs(ANSWER);
        assertThat(q.size()).isZero();
    }

    @Test
    void whenFullDropsTheOldestAndSaysSo() {
        ExposureQueue q = new ExposureQueue(3);
        for (int i = 1; i <= 3; i++) {
            assertThat(q.offer(EXPERIMENT, ANSWER, "c" + i, i)).isEqualTo(i);
        }
        assertThat(q.offer(EXPERIMENT, ANSWER, "c4", 4)).as("minus one: the oldest was dropped").isEqualTo(-1);
        assertThat(q.offer(EXPERIMENT, ANSWER, "c5", 5)).isEqualTo(-1);
        assertThat(q.size()).isEqualTo(3);
        assertThat(customers(q.drain(10))).containsExactly("c3", "c4", "c5");
    }

    @Test
    void aFarOverflowKeepsExactlyTheNewestCapacityEntries() {
        ExposureQueue q = new ExposureQueue(10);
        int dropped = 0;
        for (int i = 0; i < 1_000; i++) {
            int r = q.offer(EXPERIMENT, ANSWER, "c" + i, i);
            dropped += r < 0 ? -r : 0;
        }
        assertThat(dropped).isEqualTo(990);
        ExposureQueue.Entry[] drained = q.drain(100);
        assertThat(customers(drained)).containsExactly("c990", "c991", "c992", "c993", "c994", "c995", "c996",
                "c997", "c998", "c999");
    }

    @Test
    void drainsAtMostTheRequestedNumberAndWrapsAroundTheEnd() {
        ExposureQueue q = new ExposureQueue(4);
        for (int i = 0; i < 3; i++) {
            q.offer(EXPERIMENT, ANSWER, "a" + i, i);
        }
        assertThat(customers(q.drain(2))).containsExactly("a0", "a1");
        for (int i = 0; i < 3; i++) {   // head is at 2: these wrap around the end of the arrays, dropping nothing
            assertThat(q.offer(EXPERIMENT, ANSWER, "b" + i, i)).isPositive();
        }
        assertThat(q.size()).isEqualTo(4);
        assertThat(customers(q.drain(3))).containsExactly("a2", "b0", "b1");
        assertThat(customers(q.drain(3))).containsExactly("b2");
        assertThat(q.drain(3)).isEmpty();
    }

    @Test
    void concurrentProducersAndADrainerLoseNothingAndKeepEachProducersOrder() throws Exception {
        int producers = 4;
        int perProducer = 50_000;
        ExposureQueue q = new ExposureQueue(1_000);
        String[][] ids = new String[producers][perProducer];
        for (int p = 0; p < producers; p++) {
            for (int i = 0; i < perProducer; i++) {
                ids[p][i] = p + ":" + i;
            }
        }
        java.util.concurrent.atomic.AtomicLong droppedByOffers = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int p = 0; p < producers; p++) {
            String[] mine = ids[p];
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (String id : mine) {
                    int r = q.offer(EXPERIMENT, ANSWER, id, 0);
                    if (r < 0) {
                        droppedByOffers.addAndGet(-r);
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        java.util.List<String> drained = new java.util.ArrayList<>();
        start.countDown();
        while (threads.stream().anyMatch(Thread::isAlive)) {
            for (ExposureQueue.Entry e : q.drain(100)) {
                drained.add(e.customerId());
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        ExposureQueue.Entry[] rest = q.drain(Integer.MAX_VALUE);
        assertThat(rest.length).as("left at the end").isLessThanOrEqualTo(1_000);
        for (ExposureQueue.Entry e : rest) {
            drained.add(e.customerId());
        }
        assertThat(q.size()).isZero();
        assertThat(drained.size() + droppedByOffers.get()).as("every offer drained or dropped (as the offers said)")
                .isEqualTo((long) producers * perProducer);
        assertThat(new java.util.HashSet<>(drained)).as("no entry twice").hasSize(drained.size());
        int[] last = new int[producers];
        java.util.Arrays.fill(last, -1);
        for (String id : drained) {
            int p = Integer.parseInt(id.substring(0, id.indexOf(':')));
            int i = Integer.parseInt(id.substring(id.indexOf(':') + 1));
            assertThat(i).as("order of producer %d", p).isGreaterThan(last[p]);
            last[p] = i;
        }
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExposureQueue(0));
    }

    private static String[] customers(ExposureQueue.Entry[] entries) {
        return Arrays.stream(entries).map(ExposureQueue.Entry::customerId).toArray(String[]::new);
    }
}
