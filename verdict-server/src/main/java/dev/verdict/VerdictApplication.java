package dev.verdict;

import dev.verdict.auth.AdminCli;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Verdict: champion/challenger experiments for decisioning models. With {@code tenant …}, {@code key …} or {@code user …} as
 * arguments the jar runs the administration command line instead of the server.
 */
// No in-memory user store: API keys authenticate the API, console users (auth.UserService) the console.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class VerdictApplication {

    public static void main(String[] args) {
        if (args.length > 0 && AdminCli.COMMANDS.contains(args[0])) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(VerdictApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties("verdict.cli=true", "spring.main.banner-mode=off",
                            "logging.level.root=WARN", "logging.level.dev.verdict=WARN")
                    .run(args);
            System.exit(SpringApplication.exit(context));
        }
        SpringApplication.run(VerdictApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
