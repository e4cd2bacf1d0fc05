package dev.verdict.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings. The two {@code allow…} switches are for tests and local receivers only: by default a
 * subscription must use https and may not point at loopback, link-local, private or multicast addresses.
 */
@ConfigurationProperties("verdict.webhooks")
public record WebhookProperties(@DefaultValue("true") boolean enabled,
                                @DefaultValue("false") boolean allowInsecureHttp,
                                @DefaultValue("false") boolean allowPrivateTargets,
                                @DefaultValue("4") int workers,
                                @DefaultValue("10s") Duration attemptTimeout,
                                @DefaultValue("1s") Duration pollInterval,
                                @DefaultValue("60s") Duration lease,
                                @DefaultValue("10s") Duration backoffBase,
                                @DefaultValue("1h") Duration backoffMax,
                                @DefaultValue("24h") Duration retryFor,
                                @DefaultValue("24h") Duration disableAfter) { }
