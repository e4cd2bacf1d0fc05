package dev.verdict.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A phase counts from 1, and every new phase is also a new configuration version. */
class PhaseTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theFirstPhaseIsVersionOneAndStartsWhenGiven() {
        assertThat(Phase.first(null)).isEqualTo(new Phase(1, null, 1));
        assertThat(Phase.first(T0)).isEqualTo(new Phase(1, T0, 1));
    }

    @Test
    void aNewVersionKeepsThePhaseAndItsStart() {
        assertThat(new Phase(2, T0, 5).nextVersion()).isEqualTo(new Phase(2, T0, 6));
    }

    @Test
    void aNewPhaseStartsThenUnderTheNextVersion() {
        Instant later = T0.plusSeconds(3600);

        assertThat(new Phase(2, T0, 5).next(later)).isEqualTo(new Phase(3, later, 6));
    }

    @Test
    void startingKeepsAnEarlierStart() {
        assertThat(Phase.first(null).startedBy(T0)).isEqualTo(Phase.first(T0));
        assertThat(Phase.first(T0).startedBy(T0.plusSeconds(1))).isEqualTo(Phase.first(T0));
    }

    @Test
    void refusesNumbersBelowOne() {
        assertThatThrownBy(() -> new Phase(0, T0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Phase(1, T0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
