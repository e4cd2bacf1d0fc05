package dev.verdict.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Console login settings (the idle timeout is {@code server.servlet.session.timeout}).
 *
 * @param bootstrapAdminPassword the password of the first admin user of tenant {@code default}, instead of a
 *                               generated one
 * @param maxFailedLogins        failed logins of one user name from one address before that pair is refused
 * @param failedLoginWindow      how long a failed login counts
 */
@ConfigurationProperties("verdict.console")
public record ConsoleSecurityProperties(String bootstrapAdminPassword, @DefaultValue("5") int maxFailedLogins,
                                        @DefaultValue("15m") Duration failedLoginWindow) { }
