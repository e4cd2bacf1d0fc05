package dev.verdict.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** An API test on the embedded default: H2 in PostgreSQL mode, as a first run uses it (in memory here). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:verdict;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "verdict.security.bootstrap-admin-key=krn_bootstrapbootstrapbootstrapbootstrap000",
        "verdict.data-dir=target/test-data-h2",
        "verdict.promotion.enabled=false"
})
@Import(ClockTestConfig.class)
public @interface H2ApiTest {
}
