package dev.verdict.results;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the auto-promotion decision is taken. It lives in {@code results}, not {@code promotion}, because the
 * {@code /results} document and the timeseries show the decision the scheduler would take now with the same
 * numbers, and results must not depend on promotion (ADR 011). The scheduler's own switches
 * ({@code verdict.promotion.enabled} and {@code interval}) are read by its annotations, as retention's are.
 *
 * @param minSamples minimum customers per arm before anything is decided
 * @param alpha      the false-promotion rate the sequential decision keeps
 */
@ConfigurationProperties("verdict.promotion")
public record PromotionProperties(@DefaultValue("50") long minSamples, @DefaultValue("0.05") double alpha) {

    public PromotionProperties {
        if (minSamples < 0) {
            throw new IllegalArgumentException("verdict.promotion.min-samples must not be negative");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("verdict.promotion.alpha must be between 0 and 1");
        }
    }
}
