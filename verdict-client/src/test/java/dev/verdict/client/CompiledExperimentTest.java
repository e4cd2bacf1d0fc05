package dev.verdict.client;

import static dev.verdict.client.TestFeeds.experiment;
import static dev.verdict.client.TestFeeds.version;
import static dev.verdict.client.TestFeeds.versionWithChampionModel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.BucketLayout;
import dev.verdict.core.SdkConfig.ExperimentConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-bucket ambiguity table: local answers only where every live version agrees. */
class CompiledExperimentTest {

    private static final String CHAMPION = BucketLayout.CHAMPION;
    private static final String HOLDOUT = BucketLayout.HOLDOUT;

    @Test
    void aSingleVersionAnswersEveryBucketLocally() {
        CompiledExperiment e = CompiledExperiment.compile(experiment("one", version(1, "10", "60", "c", "40")));
        assertThat(e.ambiguousBuckets()).isZero();
        for (int b = 0; b < 10_000; b++) {
            String expected = b < 1000 ? HOLDOUT : b < 6400 ? CHAMPION : "c";
            assertThat(e.agreedAnswer(b).variant()).as("bucket %d", b).isEqualTo(expected);
            assertThat(e.agreedAnswer(b).source()).isEqualTo(AssignmentSource.LOCAL);
        }
    }

    @Test
    void aRampUpMakesExactlyTheBucketsThatChangedVariantAmbiguous() {
        // 50/50 then 70/30: [0,5000) champion in both, [5000,7000) moved, [7000,10000) challenger in both.
        CompiledExperiment e = CompiledExperiment.compile(experiment("ramp",
                version(1, "0", "50", "c", "50"), version(2, "0", "70", "c", "30")));
        assertThat(e.ambiguousBuckets()).isEqualTo(2000);
        for (int b = 0; b < 10_000; b++) {
            AssignmentResult local = e.agreedAnswer(b);
            if (b < 5000) {
                assertThat(local.variant()).as("bucket %d", b).isEqualTo(CHAMPION);
            } else if (b < 7000) {
                assertThat(local).as("bucket %d moved from c to the champion", b).isNull();
                assertThat(e.fallbackAnswer(b).variant()).as("newest version of bucket %d", b).isEqualTo(CHAMPION);
                assertThat(e.fallbackAnswer(b).source()).isEqualTo(AssignmentSource.FALLBACK);
            } else {
                assertThat(local.variant()).as("bucket %d", b).isEqualTo("c");
            }
            assertThat(local == null ? e.fallbackAnswer(b).configVersion() : local.configVersion()).isEqualTo(2);
        }
    }

    @Test
    void aBucketIsLocalOnlyWhenAllThreeLiveVersionsAgree() {
        BucketLayout v1 = layout("5", "90", "c", "10");
        BucketLayout v2 = layout("5", "80", "c", "20");
        BucketLayout v3 = layout("0", "80", "c", "20");
        CompiledExperiment e = CompiledExperiment.compile(experiment("three",
                version(3, "0", "80", "c", "20"), version(1, "5", "90", "c", "10"), version(2, "5", "80", "c", "20")));
        int ambiguous = 0;
        for (int b = 0; b < 10_000; b++) {
            boolean agree = v1.variantOf(b).equals(v3.variantOf(b)) && v2.variantOf(b).equals(v3.variantOf(b));
            if (agree) {
                assertThat(e.agreedAnswer(b).variant()).as("bucket %d", b).isEqualTo(v3.variantOf(b));
            } else {
                assertThat(e.agreedAnswer(b)).as("bucket %d", b).isNull();
                ambiguous++;
            }
            assertThat(e.fallbackAnswer(b).variant()).isEqualTo(v3.variantOf(b));
        }
        assertThat(e.ambiguousBuckets()).isEqualTo(ambiguous).isGreaterThan(1000);
        assertThat(e.liveVersions()).containsExactly(3, 2, 1);
    }

    @Test
    void aServerAnswerBelongsToTheNewestVersionGivingItsVariant() {
        CompiledExperiment e = CompiledExperiment.compile(experiment("ramp",
                version(1, "0", "50", "c", "50"), version(2, "0", "70", "c", "30")));
        assertThat(e.versionGiving("c", 6000)).as("only version 1 gives bucket 6000 to c").isEqualTo(1);
        assertThat(e.versionGiving(CHAMPION, 6000)).isEqualTo(2);
        assertThat(e.versionGiving("gone", 6000)).as("unknown variant: the current version").isEqualTo(2);
    }

    @Test
    void answersCarryTheCurrentVersionsModelAndTheHoldoutNone() {
        CompiledExperiment e = CompiledExperiment.compile(experiment("models",
                versionWithChampionModel(1, "old-champ", "10", "50", "c", "50"),
                versionWithChampionModel(2, "new-champ", "10", "50", "c", "50")));
        assertThat(e.ambiguousBuckets()).as("same layout, so nothing moved").isZero();
        AssignmentResult champion = e.agreedAnswer(5000);
        assertThat(champion.variant()).isEqualTo(CHAMPION);
        assertThat(champion.modelId()).isEqualTo("new-champ");
        assertThat(champion.modelKey()).isEqualTo("new-champ-key");
        assertThat(champion.controlGroup()).isFalse();
        AssignmentResult holdout = e.agreedAnswer(0);
        assertThat(holdout.variant()).isEqualTo(HOLDOUT);
        assertThat(holdout.controlGroup()).isTrue();
        assertThat(holdout.modelId()).isNull();
        assertThat(holdout.modelKey()).isNull();
        AssignmentResult challenger = e.agreedAnswer(9999);
        assertThat(challenger.modelId()).isEqualTo("m-c");
        assertThat(challenger.modelKey()).isEqualTo("c");
        assertThat(e.servesWithModel(CHAMPION, "new-champ")).isTrue();
        assertThat(e.servesWithModel(CHAMPION, "old-champ")).isFalse();
        assertThat(e.servesWithModel(HOLDOUT, null)).isTrue();
    }

    @Test
    void answersAreBuiltOncePerVariantSoTheLocalPathReturnsSharedObjects() {
        CompiledExperiment e = CompiledExperiment.compile(experiment("shared", version(1, "0", "50", "c", "50")));
        assertThat(e.agreedAnswer(1)).isSameAs(e.agreedAnswer(2));
        assertThat(e.agreedAnswer(9998)).isSameAs(e.agreedAnswer(9999));
    }

    @Test
    void aPausedExperimentAnswersTheChampionOfTheCurrentVersion() {
        CompiledExperiment e = CompiledExperiment.compile(experiment("paused", "paused",
                versionWithChampionModel(1, "champ-1", "0", "50", "c", "50")));
        assertThat(e.active).isFalse();
        assertThat(e.champion.variant()).isEqualTo(CHAMPION);
        assertThat(e.champion.modelId()).isEqualTo("champ-1");
        assertThat(e.champion.source()).isEqualTo(AssignmentSource.LOCAL);
    }

    @Test
    void theCurrentVersionIsTheOneTheExperimentNamesEvenWhenItIsNotTheHighest() {
        ExperimentConfig config = new ExperimentConfig("id", "named", "active", 1, 1,
                List.of(version(1, "0", "100"), version(2, "0", "0", "c", "100")));
        CompiledExperiment e = CompiledExperiment.compile(config);
        assertThat(e.configVersion).isEqualTo(1);
        assertThat(e.fallbackAnswer(42).variant()).isEqualTo(CHAMPION);
        assertThat(e.agreedAnswer(42)).isNull();
    }

    @Test
    void aFeedLeavesOutAnExperimentItCannotCompileAndKeepsTheOthers() {
        List<ClientError> errors = new ArrayList<>();
        CompiledFeed feed = CompiledFeed.compile(TestFeeds.feed(
                experiment("broken", version(1, "0", "50", "c", "49")),
                experiment("empty", new dev.verdict.core.SdkConfig.VersionConfig[0]),
                experiment("fine", version(1, "0", "100"))), errors::add);
        assertThat(feed.experiment("fine")).isNotNull();
        assertThat(feed.experiment("broken")).isNull();
        assertThat(feed.experiment("empty")).isNull();
        assertThat(errors).extracting(ClientError::kind).containsOnly(ClientError.Kind.CONFIG_INVALID);
        assertThat(errors).extracting(ClientError::experimentKey).containsExactlyInAnyOrder("broken", "empty");
    }

    @Test
    void aFeedChangesVersionsWhenAnExperimentGetsANewVersionOrPhaseOrDisappears() {
        CompiledFeed v1 = CompiledFeed.compile(TestFeeds.feed(experiment("a", version(1, "0", "100"))), e -> { });
        CompiledFeed sameAgain = CompiledFeed.compile(TestFeeds.feed(experiment("a", version(1, "0", "100")),
                experiment("b", version(1, "0", "100"))), e -> { });
        CompiledFeed v2 = CompiledFeed.compile(TestFeeds.feed(experiment("a", version(1, "0", "100"),
                version(2, "0", "50", "c", "50"))), e -> { });
        CompiledFeed gone = CompiledFeed.compile(TestFeeds.feed(), e -> { });
        assertThat(sameAgain.changesVersionsOf(v1)).as("a new experiment moves nobody").isFalse();
        assertThat(v2.changesVersionsOf(v1)).isTrue();
        assertThat(gone.changesVersionsOf(v1)).isTrue();
        assertThat(v1.changesVersionsOf(null)).isFalse();
    }

    private static BucketLayout layout(String holdout, String champion, String variant, String pct) {
        return new BucketLayout(new java.math.BigDecimal(holdout), new java.math.BigDecimal(champion),
                List.of(new dev.verdict.core.Arm(variant, new java.math.BigDecimal(pct))));
    }
}
