package dev.verdict.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings.
 *
 * @param apiKeyPepper       server-side secret keying the HMAC of API keys (required in the postgres profile)
 * @param bootstrapAdminKey  the first admin key to create on an empty database, instead of a generated one
 * @param keyCacheTtl        how long a key lookup is cached; bounds how late another node sees a revocation
 */
@ConfigurationProperties("verdict.security")
public record SecurityProperties(String apiKeyPepper, String bootstrapAdminKey,
                                 @DefaultValue("10s") Duration keyCacheTtl) { }
