package dev.verdict.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.verdict.VerdictApplication;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * A second, independent instance of the application (its own caches, its own system clock, its own port) on the
 * database of the test context: what a second node of a deployment is. Close it at the end of the test.
 */
public final class SecondInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SecondInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts it on the database behind {@code dataSource}, with extra {@code key=value} properties. */
    public static SecondInstance start(DataSource dataSource, String... properties) {
        String url;
        try {
            url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("The test context's DataSource is not Hikari", e);
        }
        List<String> all = new ArrayList<>(List.of("server.port=0", "spring.datasource.url=" + url,
                "spring.datasource.username=postgres", "spring.datasource.password=postgres",
                "verdict.security.api-key-pepper=test-pepper-0123456789abcdef", "verdict.promotion.enabled=false",
                "verdict.data-dir=target/test-data-2", "spring.main.allow-bean-definition-overriding=true",
                "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        // As command-line arguments: builder properties are only defaults, which application.yml would override.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(VerdictApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("mainClassesOnly", new MainClassesOnly()))
                .run(all.stream().map(p -> "--" + p).toArray(String[]::new));
        return new SecondInstance(context);
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    /**
     * Outside a test context nothing keeps component scanning away from the test configurations under
     * {@code dev.verdict} (PostgresTestConfig would drop the shared database, ClockTestConfig would replace the
     * system clock); this keeps the second instance to the production classes.
     */
    private static final class MainClassesOnly extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getResource().getURL().toString().contains("/test-classes/");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MainClassesOnly;
        }

        @Override
        public int hashCode() {
            return MainClassesOnly.class.hashCode();
        }
    }
}
