package dev.verdict.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.DomainException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Auto-promotion's conditions guard their ranges. */
class PromotionRulesTest {

    @Test
    void defaultsToManualPromotionWithATwoPointThresholdAfterTwoWeeks() {
        PromotionRules rules = PromotionRules.defaults();

        assertThat(rules.autoPromote()).isFalse();
        assertThat(rules.threshold()).isEqualByComparingTo("0.02");
        assertThat(rules.afterDays()).isEqualTo(14);
    }

    @Test
    void keepsTheThresholdWithoutTrailingZeros() {
        assertThat(new PromotionRules(true, new BigDecimal("0.0500"), 7).threshold()).isEqualTo(new BigDecimal("0.05"));
        assertThat(new PromotionRules(true, new BigDecimal("1.00"), 0).threshold()).isEqualTo(BigDecimal.ONE);
    }

    @ParameterizedTest
    @CsvSource({"0, must be greater than 0 and at most 1", "-0.1, must be greater than 0 and at most 1",
            "1.0000000001, must be greater than 0 and at most 1",
            "0.00000000001, must have at most 10 decimal places"})
    void refusesAThresholdOutsideZeroExclusiveToOneOrTooFine(String threshold, String message) {
        assertThatThrownBy(() -> new PromotionRules(true, new BigDecimal(threshold), 14))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
                    assertThat(e.getMessage()).isEqualTo("promoteThreshold: " + message);
                });
    }

    @Test
    void refusesAMissingThreshold() {
        assertThatThrownBy(() -> new PromotionRules(true, null, 14)).isInstanceOf(DomainException.class)
                .hasMessageContaining("promoteThreshold");
    }

    @ParameterizedTest
    @CsvSource({"-1", "3651"})
    void refusesWaitingTimesOutside0To3650Days(int days) {
        assertThatThrownBy(() -> new PromotionRules(true, new BigDecimal("0.02"), days))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("promoteAfterDays: must be an integer from 0 to 3650"));
    }
}
