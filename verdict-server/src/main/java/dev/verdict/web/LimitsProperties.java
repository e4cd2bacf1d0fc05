package dev.verdict.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request limits, enforced by {@link RequestLimitsFilter}.
 *
 * @param maxBodyBytes larger request bodies get 413
 */
@ConfigurationProperties("verdict.limits")
public record LimitsProperties(@DefaultValue("1048576") long maxBodyBytes) { }
