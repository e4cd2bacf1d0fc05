package dev.verdict.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    private static final String CROCKFORD = "[0-9A-HJKMNP-TV-Z]";

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    @Test
    void idIsPrefixUnderscoreAnd26CrockfordCharacters() {
        String id = Ids.next("mdl", Clock.systemUTC());
        assertThat(id).matches("mdl_" + CROCKFORD + "{26}");
        assertThat(Ids.next("exp", Clock.systemUTC())).startsWith("exp_").hasSize(30);
    }

    @Test
    void timePartEncodesTheMillisecondsLikeUlid() {
        // 1469918176385 ms is ULID's documented example time, 01ARYZ6S41
        assertThat(Ids.next("x", at(1469918176385L)).substring(2, 12)).isEqualTo("01ARYZ6S41");
        assertThat(Ids.next("x", at(0)).substring(2, 12)).isEqualTo("0000000000");
    }

    @Test
    void idsSortByCreationTimeAcrossMilliseconds() {
        List<String> ids = new ArrayList<>();
        long start = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
        for (long ms : new long[]{0, 1, 2, 31, 32, 33, 1000, 1023, 1024, 86_400_000L, 31_536_000_000L}) {
            ids.add(Ids.next("mdl", at(start + ms)));
        }
        List<String> sorted = new ArrayList<>(ids);
        java.util.Collections.sort(sorted);
        assertThat(sorted).isEqualTo(ids);
    }

    @Test
    void idsWithinOneMillisecondAreDistinct() {
        Clock fixed = at(1_800_000_000_000L);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.next("mdl", fixed));
        }
        assertThat(ids).hasSize(10_000);
        assertThat(ids).allSatisfy(id -> assertThat(id.substring(4, 14)).isEqualTo(ids.iterator().next().substring(4, 14)));
    }

    @Test
    void randomPartUsesTheWholeAlphabet() {
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String random = Ids.next("k", Clock.systemUTC()).substring(12);
            random.chars().forEach(c -> seen.add((char) c));
        }
        assertThat(seen).hasSize(32);
    }
}
