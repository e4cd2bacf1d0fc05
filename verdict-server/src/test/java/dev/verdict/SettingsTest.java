package dev.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.CacheProperties;
import dev.verdict.common.WriteProperties;
import dev.verdict.results.PromotionProperties;
import dev.verdict.web.LimitsProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The typed settings bind the property names and defaults the README's configuration table documents. Bound as
 * Spring Boot binds them at startup, without starting an application.
 */
class SettingsTest {

    @Test
    void writeSettingsDefaultAsDocumented() {
        WriteProperties write = bind(Map.of(), "verdict.write", WriteProperties.class);

        assertThat(write).isEqualTo(new WriteProperties(256, 1, 2, 8, Duration.ofMillis(2)));
    }

    @Test
    void writeSettingsBindTheirDocumentedNames() {
        WriteProperties write = bind(Map.of("verdict.write.max-batch", "64", "verdict.write.committers", "3",
                "verdict.write.bulk-committers", "4", "verdict.write.target-batch", "1",
                "verdict.write.linger", "0ms"), "verdict.write", WriteProperties.class);

        assertThat(write).isEqualTo(new WriteProperties(64, 3, 4, 1, Duration.ZERO));
    }

    @Test
    void cacheSettingsDefaultAsDocumentedAndBindTheirNames() {
        assertThat(bind(Map.of(), "verdict.cache", CacheProperties.class))
                .isEqualTo(new CacheProperties(Duration.ofSeconds(5), 100_000));
        assertThat(bind(Map.of("verdict.cache.experiment-ttl", "1s", "verdict.cache.assignments-max", "10"),
                "verdict.cache", CacheProperties.class)).isEqualTo(new CacheProperties(Duration.ofSeconds(1), 10));
    }

    @Test
    void promotionSettingsDefaultAsDocumentedAndBindTheirNames() {
        assertThat(bind(Map.of(), "verdict.promotion", PromotionProperties.class))
                .isEqualTo(new PromotionProperties(50, 0.05));
        assertThat(bind(Map.of("verdict.promotion.min-samples", "200", "verdict.promotion.alpha", "0.01"),
                "verdict.promotion", PromotionProperties.class)).isEqualTo(new PromotionProperties(200, 0.01));
    }

    @Test
    void limitSettingsDefaultAsDocumentedAndBindTheirNames() {
        assertThat(bind(Map.of(), "verdict.limits", LimitsProperties.class))
                .isEqualTo(new LimitsProperties(1_048_576));
        assertThat(bind(Map.of("verdict.limits.max-body-bytes", "2048"), "verdict.limits", LimitsProperties.class))
                .isEqualTo(new LimitsProperties(2048));
    }

    private static <T> T bind(Map<String, String> properties, String prefix, Class<T> type) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }
}
