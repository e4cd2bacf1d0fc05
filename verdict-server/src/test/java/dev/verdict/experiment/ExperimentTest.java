package dev.verdict.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.DomainException;
import dev.verdict.experiment.ExperimentRequest.ChallengerRequest;
import dev.verdict.experiment.ExperimentRequest.TrafficSplit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The aggregate's rules, without Spring: lifecycle, the exact 100% split, promotion and the key lock. */
class ExperimentTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.000Z");

    // --- the split ---

    @Test
    void acceptsSplitThatSumsTo100InExactDecimals() {
        Experiment e = create(request("k").champion("m0", "33.33")
                .challengers(challenger("m1", "33.33"), challenger("m2", "33.34")));

        assertThat(e.championPct()).isEqualByComparingTo("33.33");
        assertThat(e.challengers()).extracting(Challenger::trafficPct)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("33.33"), new BigDecimal("33.34"));
    }

    @Test
    void rejectsSplitThatDoesNotSumTo100AndShowsTheArithmetic() {
        assertRefused(() -> create(request("k").champion("m0", "33.33")
                        .challengers(challenger("m1", "33.33"), challenger("m2", "33.33"))),
                "INVALID_TRAFFIC_SPLIT", "championPct 33.33 + challengers (33.33 + 33.33) = 66.66 = 99.99");
    }

    @Test
    void rejectsTheDefaultSplitBecause80AloneIsNot100() {
        assertRefused(() -> create(request("k")), "INVALID_TRAFFIC_SPLIT",
                "championPct 80 (default) + challengers 0 = 80; must equal 100");
    }

    @Test
    void acceptsTheDefaultChampionShareWhenChallengersMakeUpTheRest() {
        Experiment e = create(request("k").challengers(challenger("m1", "20")));

        assertThat(e.championPct()).isEqualByComparingTo("80");
        assertThat(e.status()).isEqualTo(ExperimentStatus.DRAFT);
        assertThat(e.promoteThreshold()).isEqualByComparingTo("0.02");
        assertThat(e.promoteAfterDays()).isEqualTo(14);
        assertThat(e.holdoutPct()).isEqualByComparingTo("0");
        assertThat(e.autoPromote()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"100.001", "-0.01", "100.01", "33.333"})
    void rejectsPercentagesOutside0To100OrWithMoreThanTwoDecimals(String pct) {
        assertRefused(() -> create(request("k").champion(null, pct)), "VALIDATION_FAILED", "championPct");
    }

    @Test
    void holdoutIsNotPartOfThe100PercentSum() {
        Experiment e = create(request("k").champion(null, "100").holdout("10"));

        assertThat(e.holdoutPct()).isEqualByComparingTo("10");
        assertRefused(() -> create(request("k").champion(null, "90").holdout("10")), "INVALID_TRAFFIC_SPLIT",
                "= 90");
    }

    // --- model references and thresholds ---

    @Test
    void rejectsAModelThatIsBothChampionAndChallenger() {
        assertRefused(() -> create(request("k").champion("m0", "50").challengers(challenger("m0", "50"))),
                "DUPLICATE_MODEL", "m0");
    }

    @Test
    void rejectsTheSameChallengerTwice() {
        assertRefused(() -> create(request("k").champion("m0", "50")
                .challengers(challenger("m1", "25"), challenger("m1", "25"))), "DUPLICATE_MODEL", "m1");
    }

    @Test
    void rejectsAnActiveExperimentWithoutAChampion() {
        assertRefused(() -> create(request("k").champion(null, "100").status("active")), "NO_CHAMPION", "champion");
    }

    @ParameterizedTest
    @CsvSource({"0", "-0.1", "1.0000000001", "2"})
    void rejectsPromoteThresholdOutsideZeroExclusiveToOne(String threshold) {
        assertRefused(() -> create(request("k").champion(null, "100").threshold(threshold)), "VALIDATION_FAILED",
                "promoteThreshold");
    }

    @Test
    void acceptsPromoteThresholdOfExactlyOne() {
        assertThat(create(request("k").champion(null, "100").threshold("1")).promoteThreshold())
                .isEqualByComparingTo("1");
    }

    @ParameterizedTest
    @CsvSource({"-1", "3651"})
    void rejectsPromoteAfterDaysOutside0To3650(int days) {
        assertRefused(() -> create(request("k").champion(null, "100").afterDays(days)), "VALIDATION_FAILED",
                "promoteAfterDays");
    }

    @ParameterizedTest
    @CsvSource({"''", "'has space'", "'ümlaut'", "'a/b'"})
    void rejectsKeysOutsideLettersDigitsDotUnderscoreDash(String key) {
        assertRefused(() -> create(request(key).champion(null, "100")), "VALIDATION_FAILED", "key");
    }

    @Test
    void acceptsA255CharacterKeyOfEveryAllowedCharacter() {
        String key = "aZ09._-".repeat(36) + "abc";
        assertThat(key).hasSize(255);
        assertThat(create(request(key).champion(null, "100")).key()).isEqualTo(key);
        assertRefused(() -> create(request(key + "x").champion(null, "100")), "VALIDATION_FAILED", "key");
    }

    // --- lifecycle ---

    @ParameterizedTest
    @CsvSource({
            "draft, active", "draft, archived",
            "active, paused", "active, archived",
            "paused, active", "paused, archived"})
    void allowsTheLifecycleMoves(String from, String to) {
        Experiment e = inStatus(from);

        Experiment next = e.update(request(null).status(to).build(), null, T0.plusSeconds(60));

        assertThat(next.status().wire()).isEqualTo(to);
    }

    @ParameterizedTest
    @CsvSource({
            "draft, paused",
            "active, draft",
            "paused, draft",
            "archived, draft", "archived, active", "archived, paused"})
    void refusesIllegalLifecycleMoves(String from, String to) {
        Experiment e = inStatus(from);

        assertRefused(() -> e.update(request(null).status(to).build(), null, T0.plusSeconds(60)),
                "INVALID_TRANSITION", from + " to " + to);
    }

    @Test
    void firstActivationSetsStartedAtAndLaterReactivationKeepsIt() {
        Experiment draft = create(request("k").champion("m0", "100"));
        assertThat(draft.startedAt()).isNull();

        Experiment active = draft.update(request(null).status("active").build(), null, T0.plusSeconds(60));
        Experiment paused = active.update(request(null).status("paused").build(), null, T0.plusSeconds(120));
        Experiment again = paused.update(request(null).status("active").build(), null, T0.plusSeconds(180));

        assertThat(active.startedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(again.startedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void createdActiveStartsAtOnce() {
        assertThat(create(request("k").champion("m0", "100").status("active")).startedAt()).isEqualTo(T0);
    }

    // --- key lock ---

    @Test
    void allowsAKeyChangeWhileNeverActive() {
        Experiment draft = create(request("k").champion("m0", "100"));

        assertThat(draft.update(request("k2").build(), null, T0.plusSeconds(1)).key()).isEqualTo("k2");
    }

    @Test
    void locksTheKeyOnceTheExperimentHasBeenActive() {
        Experiment paused = inStatus("paused");

        assertRefused(() -> paused.update(request("other").build(), null, T0.plusSeconds(1)), "KEY_LOCKED", "key");
        assertThat(paused.update(request(paused.key()).build(), null, T0.plusSeconds(1)).key())
                .isEqualTo(paused.key());
    }

    // --- update semantics ---

    @Test
    void updateKeepsAbsentFieldsAndReplacesChallengersWhenPresent() {
        Experiment e = create(request("k").champion("m0", "50").challengers(challenger("m1", "25"),
                challenger("m2", "25")).threshold("0.05").afterDays(7));

        Experiment renamed = e.update(request(null).name("New name").build(), null, T0.plusSeconds(1));
        assertThat(renamed.challengers()).hasSize(2);
        assertThat(renamed.promoteThreshold()).isEqualByComparingTo("0.05");
        assertThat(renamed.promoteAfterDays()).isEqualTo(7);
        assertThat(renamed.name()).isEqualTo("New name");

        Experiment replaced = e.update(request(null).champion(null, "100").challengers().build(), null,
                T0.plusSeconds(1));
        assertThat(replaced.challengers()).isEmpty();
        assertThat(replaced.championModelId()).isEqualTo("m0");
    }

    @Test
    void updateChecksTheSplitOfTheResult() {
        Experiment e = create(request("k").champion("m0", "50").challengers(challenger("m1", "50")));

        assertRefused(() -> e.update(request(null).champion(null, "60").build(), null, T0.plusSeconds(1)),
                "INVALID_TRAFFIC_SPLIT", "championPct 60 + challengers 50 = 110; must equal 100");
    }

    @Test
    void updateStartsANewConfigurationVersionOnlyWhenTheLayoutChanges() {
        Experiment e = create(request("k").champion("m0", "50").challengers(challenger("m1", "50")));

        assertThat(e.update(request(null).name("x").build(), null, T0.plusSeconds(1)).configVersion())
                .isEqualTo(e.configVersion());
        assertThat(e.update(request(null).champion(null, "40").challengers(challenger("m1", "60")).build(), null,
                T0.plusSeconds(1)).configVersion()).isEqualTo(e.configVersion() + 1);
    }

    // --- promotion ---

    @Test
    void promoteMovesTheChallengersShareToTheChampionAndStartsTheNextPhase() {
        Experiment e = create(request("k").champion("m0", "50")
                .challengers(challenger("m1", "30"), challenger("m2", "20")).status("active"));
        Instant later = T0.plus(Duration.ofDays(15));

        Experiment promoted = e.promote("m1", later);

        assertThat(promoted.championModelId()).isEqualTo("m1");
        assertThat(promoted.championPct()).isEqualByComparingTo("80");
        assertThat(promoted.challengers()).containsExactly(new Challenger("m2", new BigDecimal("20")));
        assertThat(promoted.phase()).isEqualTo(e.phase() + 1);
        assertThat(promoted.phaseStartedAt()).isEqualTo(later);
        assertThat(promoted.configVersion()).isEqualTo(e.configVersion() + 1);
        assertThat(promoted.startedAt()).isEqualTo(e.startedAt());
        assertThat(promoted.modelIds()).containsExactly("m1", "m2");
    }

    @Test
    void promoteRefusesAModelThatIsNotAChallenger() {
        Experiment e = create(request("k").champion("m0", "50").challengers(challenger("m1", "50")));

        assertRefused(() -> e.promote("m0", T0), "NOT_A_CHALLENGER", "m0");
    }

    // --- helpers ---

    private static Experiment create(RequestBuilder r) {
        return Experiment.create("t1", "exp_1", r.build(), null, T0);
    }

    private static Experiment inStatus(String status) {
        Experiment draft = create(request("k").champion("m0", "100"));
        return switch (status) {
            case "draft" -> draft;
            case "active" -> draft.update(request(null).status("active").build(), null, T0);
            case "paused" -> draft.update(request(null).status("active").build(), null, T0)
                    .update(request(null).status("paused").build(), null, T0);
            case "archived" -> draft.update(request(null).status("archived").build(), null, T0);
            default -> throw new IllegalArgumentException(status);
        };
    }

    private static void assertRefused(Runnable action, String code, String messagePart) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).as("error code of: " + e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private static ChallengerRequest challenger(String modelId, String pct) {
        return new ChallengerRequest(modelId, new BigDecimal(pct));
    }

    private static RequestBuilder request(String key) {
        RequestBuilder b = new RequestBuilder();
        b.key = key;
        b.name = key == null ? null : "A name";
        return b;
    }

    /** Builds {@link ExperimentRequest}s; null means "absent". */
    private static final class RequestBuilder {
        String key;
        String name;
        String status;
        String championModelId;
        BigDecimal championPct;
        List<ChallengerRequest> challengers;
        BigDecimal holdout;
        BigDecimal threshold;
        Integer afterDays;

        RequestBuilder name(String value) {
            name = value;
            return this;
        }

        RequestBuilder status(String value) {
            status = value;
            return this;
        }

        RequestBuilder champion(String modelId, String pct) {
            championModelId = modelId;
            championPct = new BigDecimal(pct);
            return this;
        }

        RequestBuilder challengers(ChallengerRequest... list) {
            challengers = List.of(list);
            return this;
        }

        RequestBuilder holdout(String pct) {
            holdout = new BigDecimal(pct);
            return this;
        }

        RequestBuilder threshold(String value) {
            threshold = new BigDecimal(value);
            return this;
        }

        RequestBuilder afterDays(int days) {
            afterDays = days;
            return this;
        }

        ExperimentRequest build() {
            return new ExperimentRequest(key, name, null, status, championModelId,
                    championPct == null ? null : new TrafficSplit(championPct), challengers, holdout, null,
                    threshold, afterDays, null);
        }
    }
}
