package dev.verdict.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** An API test: the whole service on a random port over real HTTP, on the shared embedded PostgreSQL. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "verdict.security.api-key-pepper=test-pepper-0123456789abcdef",
        "verdict.security.bootstrap-admin-key=krn_bootstrapbootstrapbootstrapbootstrap000",
        "verdict.data-dir=target/test-data",
        "verdict.promotion.enabled=false",
        "verdict.console.bootstrap-admin-password=" + ApiTest.ADMIN_PASSWORD
})
@Import({PostgresTestConfig.class, ClockTestConfig.class})
public @interface ApiTest {

    /** The password of the bootstrap console user admin of tenant default in every test context. */
    String ADMIN_PASSWORD = "bootstrap-admin-password-0001";
}
