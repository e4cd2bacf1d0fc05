package dev.verdict.common;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * In-memory caches of the hot paths. Each setting is read by the one service that owns its cache.
 *
 * @param experimentTtl  how late another instance sees an experiment change (this instance: at once)
 * @param assignmentsMax recent assignments kept in memory for sticky answers
 */
@ConfigurationProperties("verdict.cache")
public record CacheProperties(@DefaultValue("5s") Duration experimentTtl,
                              @DefaultValue("100000") long assignmentsMax) {

    public CacheProperties {
        if (assignmentsMax < 0) {
            throw new IllegalArgumentException("verdict.cache.assignments-max must not be negative");
        }
    }
}
