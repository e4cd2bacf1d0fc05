package dev.verdict.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.BucketLayout;
import org.junit.jupiter.api.Test;

class ServerAnswersTest {

    private static final CompiledExperiment EXPERIMENT = CompiledExperiment.compile(TestFeeds.experiment("s",
            TestFeeds.version(1, "0", "50", "c", "50"), TestFeeds.version(2, "0", "70", "c", "30")));

    private static AssignmentResult answer(String variant, String modelId, int phase) {
        return new AssignmentResult(variant, modelId, null, false, phase, 1, AssignmentSource.SERVER);
    }

    @Test
    void keepsAnAnswerUntilItExpires() {
        ServerAnswers cache = new ServerAnswers(10);
        AssignmentResult a = answer("c", "m-c", 1);
        cache.put(EXPERIMENT.id, "cust", a, 1_000);
        assertThat(cache.get(EXPERIMENT, "cust", 999)).isSameAs(a);
        assertThat(cache.get(EXPERIMENT, "cust", 1_000)).as("expired").isNull();
        assertThat(cache.size()).as("an expired answer is removed").isZero();
    }

    @Test
    void dropsAnAnswerOfAnotherPhaseOrWhoseModelNoLongerServesTheVariant() {
        ServerAnswers cache = new ServerAnswers(10);
        cache.put(EXPERIMENT.id, "old-phase", answer("c", "m-c", 0), Long.MAX_VALUE);
        cache.put(EXPERIMENT.id, "old-model", answer(BucketLayout.CHAMPION, "replaced", 1), Long.MAX_VALUE);
        cache.put(EXPERIMENT.id, "gone", answer("removed-challenger", "m-x", 1), Long.MAX_VALUE);
        assertThat(cache.get(EXPERIMENT, "old-phase", 0)).isNull();
        assertThat(cache.get(EXPERIMENT, "old-model", 0)).isNull();
        assertThat(cache.get(EXPERIMENT, "gone", 0)).isNull();
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondItsCapacity() {
        ServerAnswers cache = new ServerAnswers(2);
        cache.put(EXPERIMENT.id, "a", answer("c", "m-c", 1), Long.MAX_VALUE);
        cache.put(EXPERIMENT.id, "b", answer("c", "m-c", 1), Long.MAX_VALUE);
        assertThat(cache.get(EXPERIMENT, "a", 0)).isNotNull();   // a is now the most recently used
        cache.put(EXPERIMENT.id, "c", answer("c", "m-c", 1), Long.MAX_VALUE);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(EXPERIMENT, "b", 0)).isNull();
        assertThat(cache.get(EXPERIMENT, "a", 0)).isNotNull();
        assertThat(cache.get(EXPERIMENT, "c", 0)).isNotNull();
    }
}
