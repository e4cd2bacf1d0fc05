package dev.verdict.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void formatWritesExactlyWhatTheFormatterWritesForAnyInstant() {
        SplittableRandom random = new SplittableRandom(17);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
            assertThat(Timestamps.format(t)).as("%s", t).isEqualTo(Timestamps.FORMAT.format(t));
        }
    }

    @Test
    void formatKeepsTheEdgesOfTheFastPathAndFallsBackOutsideIt() {
        for (String iso : new String[] {"1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "2026-02-28T23:59:59.9995Z", "2024-02-29T12:00:00.001Z",
                "0000-12-31T23:59:59.5Z", "-0001-06-01T00:00:00Z", "+10000-01-01T00:00:00.123Z"}) {
            Instant t = Instant.parse(iso);
            assertThat(Timestamps.format(t)).as(iso).isEqualTo(Timestamps.FORMAT.format(t));
        }
        assertThat(Timestamps.format(Instant.parse("2026-12-07T07:05:09.04Z"))).isEqualTo("2026-12-07T07:05:09.040Z");
        assertThat(Timestamps.format(null)).isNull();
    }
}
