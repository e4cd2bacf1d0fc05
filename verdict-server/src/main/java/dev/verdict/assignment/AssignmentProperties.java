package dev.verdict.assignment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Assignment settings.
 *
 * @param ttl how long an assignment stays sticky (default 30 days)
 */
@ConfigurationProperties("verdict.assignment")
public record AssignmentProperties(@DefaultValue("30d") Duration ttl) { }
