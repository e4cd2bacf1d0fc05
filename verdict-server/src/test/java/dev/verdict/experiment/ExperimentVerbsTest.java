package dev.verdict.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.DomainException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The aggregate's intention verbs, called directly (as promotion and the console's flows do), without Spring. */
class ExperimentVerbsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.000Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);

    // --- lifecycle ---

    @Test
    void activateStartsTheExperimentItsFirstPhaseAndCountsARevision() {
        Experiment draft = draft(Split.championOnly());

        Experiment active = draft.activate(T1);

        assertThat(active.status()).isEqualTo(ExperimentStatus.ACTIVE);
        assertThat(active.startedAt()).isEqualTo(T1);
        assertThat(active.currentPhase()).isEqualTo(new Phase(1, T1, 1));
        assertThat(active.revision()).isEqualTo(draft.revision() + 1);
        assertThat(active.updatedAt()).isEqualTo(T1);
    }

    @Test
    void activateRefusesAnExperimentWithoutAChampion() {
        Experiment noChampion = new Experiment("t1", "exp_1", "k", "A name", null, ExperimentStatus.DRAFT, null,
                Split.championOnly(), PromotionRules.defaults(), null, Phase.first(null), null, 0, T0, T0);

        assertRefused(() -> noChampion.activate(T1), "NO_CHAMPION", "championModelId");
    }

    @Test
    void activateRefusesAnythingButADraftAndPointsAPausedOneToResume() {
        Experiment paused = draft(Split.championOnly()).activate(T1).pause(T2);

        assertRefused(() -> paused.activate(T2), "INVALID_TRANSITION", "resume it instead");
        assertRefused(() -> paused.resume(T2).activate(T2), "INVALID_TRANSITION", "this experiment is active");
    }

    @Test
    void pauseAndResumeKeepThePhaseAndTheFirstStart() {
        Experiment active = draft(Split.championOnly()).activate(T0);

        Experiment resumed = active.pause(T1).resume(T2);

        assertThat(resumed.status()).isEqualTo(ExperimentStatus.ACTIVE);
        assertThat(resumed.startedAt()).isEqualTo(T0);
        assertThat(resumed.currentPhase()).isEqualTo(active.currentPhase());
    }

    @Test
    void pauseRefusesAnExperimentThatIsNotActive() {
        Experiment draft = draft(Split.championOnly());

        assertRefused(() -> draft.pause(T1), "INVALID_TRANSITION", "from draft to paused");
        assertRefused(() -> draft.activate(T0).pause(T1).pause(T2), "INVALID_TRANSITION", "from paused to paused");
    }

    @Test
    void resumeRefusesAnExperimentThatIsNotPaused() {
        assertRefused(() -> draft(Split.championOnly()).resume(T1), "INVALID_TRANSITION",
                "Only a paused experiment can be resumed");
    }

    @Test
    void archiveEndsAnyExperimentOnceAndForAll() {
        Experiment archived = draft(Split.championOnly()).activate(T0).archive(T1);

        assertThat(archived.status()).isEqualTo(ExperimentStatus.ARCHIVED);
        assertRefused(() -> archived.archive(T2), "INVALID_TRANSITION", "from archived to archived");
        assertRefused(() -> archived.resume(T2), "INVALID_TRANSITION", "is archived");
        assertThat(draft(Split.championOnly()).archive(T1).startedAt()).isNull();
    }

    // --- configuration ---

    @Test
    void changingOnlyTheSharesStartsTheNextVersionInTheSamePhase() {
        Experiment active = draft(split("50", "m1", "50")).activate(T0);

        Experiment changed = active.changeSplit(split("40", "m1", "60"), T1);

        assertThat(changed.currentPhase()).isEqualTo(new Phase(1, T0, 2));
        assertThat(changed.championPct()).isEqualByComparingTo("40");
    }

    @Test
    void keepingTheBucketsWhereTheyWereKeepsTheVersion() {
        Experiment active = draft(split("50", "m1", "50")).activate(T0);

        assertThat(active.changeSplit(split("50.00", "m1", "50.0"), T1).currentPhase())
                .isEqualTo(active.currentPhase());
    }

    @Test
    void removingAChallengerOfAStartedExperimentStartsTheNextPhase() {
        Experiment active = draft(split("50", "m1", "50")).activate(T0);

        Experiment changed = active.changeSplit(Split.championOnly(), T1);

        assertThat(changed.currentPhase()).isEqualTo(new Phase(2, T1, 2));
    }

    @Test
    void anotherChampionModelStartsTheNextPhaseOnceStarted() {
        Experiment draft = draft(split("50", "m1", "50"));

        assertThat(draft.changeSplit("m9", draft.split(), T1).currentPhase()).isEqualTo(new Phase(1, null, 2));
        assertThat(draft.activate(T0).changeSplit("m9", draft.split(), T1).currentPhase())
                .isEqualTo(new Phase(2, T1, 2));
    }

    @Test
    void addingAChallengerKeepsThePhase() {
        Experiment active = draft(split("50", "m1", "50")).activate(T0);

        Experiment changed = active.changeSplit(new Split(new BigDecimal("50"), List.of(challenger("m1", "25"),
                challenger("m2", "25")), BigDecimal.ZERO), T1);

        assertThat(changed.currentPhase()).isEqualTo(new Phase(1, T0, 2));
    }

    @Test
    void changeSplitRefusesAModelThatWouldServeTwoArms() {
        Experiment draft = draft(split("50", "m1", "50"));

        assertRefused(() -> draft.changeSplit(split("50", "m0", "50"), T1), "DUPLICATE_MODEL", "m0");
    }

    @Test
    void theKeyIsLockedOnceTheExperimentHasBeenActive() {
        Experiment draft = draft(Split.championOnly());

        assertThat(draft.changeKey("k2", T1).key()).isEqualTo("k2");
        assertRefused(() -> draft.activate(T0).pause(T1).changeKey("k2", T2), "KEY_LOCKED", "cannot change");
        assertThat(draft.activate(T0).changeKey("k", T1).key()).isEqualTo("k");
    }

    @Test
    void withDetailsChangesOnlyTheNameAndDescription() {
        Experiment active = draft(split("50", "m1", "50")).activate(T0);

        Experiment renamed = active.withDetails("Other", "Why we run it", T1);

        assertThat(renamed.name()).isEqualTo("Other");
        assertThat(renamed.description()).isEqualTo("Why we run it");
        assertThat(renamed.split()).isEqualTo(active.split());
        assertThat(renamed.currentPhase()).isEqualTo(active.currentPhase());
        assertRefused(() -> active.withDetails(" ", null, T1), "VALIDATION_FAILED", "name");
    }

    @Test
    void changePromotionRulesKeepsTheLayout() {
        Experiment active = draft(split("50", "m1", "50")).activate(T0);

        Experiment changed = active.changePromotionRules(new PromotionRules(true, new BigDecimal("0.05"), 7), T1);

        assertThat(changed.autoPromote()).isTrue();
        assertThat(changed.promoteThreshold()).isEqualByComparingTo("0.05");
        assertThat(changed.promoteAfterDays()).isEqualTo(7);
        assertThat(changed.currentPhase()).isEqualTo(active.currentPhase());
    }

    @Test
    void promoteHandsTheChallengersShareToItAsTheNewChampion() {
        Experiment active = draft(split("70", "m1", "30")).activate(T0);

        Experiment promoted = active.promote("m1", T1);

        assertThat(promoted.championModelId()).isEqualTo("m1");
        assertThat(promoted.split()).isEqualTo(Split.championOnly());
        assertThat(promoted.currentPhase()).isEqualTo(new Phase(2, T1, 2));
        assertThat(promoted.revision()).isEqualTo(active.revision() + 1);
    }

    // --- the PUT as one change ---

    @Test
    void aPutThatChangesSeveralThingsIsOneRevision() {
        Experiment draft = draft(split("50", "m1", "50"));

        Experiment next = draft.update(new ExperimentRequest(null, "Renamed", "d", "active", null, null, null,
                null, true, null, null, null), null, T1);

        assertThat(next.revision()).isEqualTo(draft.revision() + 1);
        assertThat(next.status()).isEqualTo(ExperimentStatus.ACTIVE);
        assertThat(next.name()).isEqualTo("Renamed");
        assertThat(next.autoPromote()).isTrue();
    }

    @Test
    void aPutMayNameTheChampionItActivatesWith() {
        Experiment noChampion = new Experiment("t1", "exp_1", "k", "A name", null, ExperimentStatus.DRAFT, null,
                Split.championOnly(), PromotionRules.defaults(), null, Phase.first(null), null, 0, T0, T0);

        Experiment active = noChampion.update(new ExperimentRequest(null, null, null, "active", "m0", null, null,
                null, null, null, null, null), null, T1);

        assertThat(active.championModelId()).isEqualTo("m0");
        assertThat(active.currentPhase()).isEqualTo(new Phase(1, T1, 2));
    }

    private static Experiment draft(Split split) {
        return new Experiment("t1", "exp_1", "k", "A name", null, ExperimentStatus.DRAFT, "m0", split,
                PromotionRules.defaults(), null, Phase.first(null), null, 0, T0, T0);
    }

    private static Split split(String championPct, String challenger, String challengerPct) {
        return new Split(new BigDecimal(championPct), List.of(challenger(challenger, challengerPct)),
                BigDecimal.ZERO);
    }

    private static Challenger challenger(String modelId, String pct) {
        return new Challenger(modelId, new BigDecimal(pct));
    }

    private static void assertRefused(Runnable action, String code, String messagePart) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).as("error code of: " + e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
