package dev.verdict.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-key rate limit, per instance: a token bucket of {@code burst} requests refilled at {@code requestsPerSecond}.
 * Off by default for the embedded database; on in the postgres profile.
 */
@ConfigurationProperties("verdict.rate-limit")
public record RateLimitProperties(@DefaultValue("false") boolean enabled,
                                  @DefaultValue("500") long requestsPerSecond,
                                  @DefaultValue("1000") long burst) { }
