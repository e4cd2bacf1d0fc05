package dev.verdict.auth;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes the failed logins that have left the window, on the retention schedule (ADR 012). */
@Component
@EnableScheduling
@ConditionalOnExpression("${verdict.retention.enabled:true} and !${verdict.cli:false}")
class LoginFailureRetention {

    private final LoginThrottle throttle;
    private final Clock clock;

    LoginFailureRetention(LoginThrottle throttle, Clock clock) {
        this.throttle = throttle;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${verdict.retention.interval:1h}",
            initialDelayString = "${verdict.retention.interval:1h}")
    void run() {
        throttle.purge(clock.instant());
    }
}
