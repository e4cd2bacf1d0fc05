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
    void whenFullDropsTheOldestAndCountsIt() {
        ExposureQueue q = new ExposureQueue(3);
        for (int i = 1; i <= 3; i++) {
            assertThat(q.offer(EXPERIMENT, ANSWER, "c" + i, i)).isEqualTo(i);
        }
        assertThat(q.offer(EXPERIMENT, ANSWER, "c4", 4)).as("negative: the oldest was dropped").isEqualTo(-3);
        assertThat(q.offer(EXPERIMENT, ANSWER, "c5", 5)).isEqualTo(-3);
        assertThat(q.dropped()).isEqualTo(2);
        assertThat(q.size()).isEqualTo(3);
        assertThat(customers(q.drain(10))).containsExactly("c3", "c4", "c5");
    }

    @Test
    void aFarOverflowKeepsExactlyTheNewestCapacityEntries() {
        ExposureQueue q = new ExposureQueue(10);
        for (int i = 0; i < 1_000; i++) {
            q.offer(EXPERIMENT, ANSWER, "c" + i, i);
        }
        assertThat(q.dropped()).isEqualTo(990);
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
        for (int i = 0; i < 3; i++) {
            q.offer(EXPERIMENT, ANSWER, "b" + i, i);   // head is at 2: these wrap around the end of the arrays
        }
        assertThat(q.dropped()).isZero();
        assertThat(q.size()).isEqualTo(4);
        assertThat(customers(q.drain(3))).containsExactly("a2", "b0", "b1");
        assertThat(customers(q.drain(3))).containsExactly("b2");
        assertThat(q.drain(3)).isEmpty();
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExposureQueue(0));
    }

    private static String[] customers(ExposureQueue.Entry[] entries) {
        return Arrays.stream(entries).map(ExposureQueue.Entry::customerId).toArray(String[]::new);
    }
}
