package dev.verdict.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.PostgresTestConfig;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The one vendor-sensitive statement of the webhook feature, {@code FOR UPDATE SKIP LOCKED} in
 * {@link DeliveryRepository#claim}, on PostgreSQL and on H2: two open transactions claim disjoint deliveries, a
 * leased delivery is not claimed again until its lease expires, and a later event of a subject waits for the
 * earlier one.
 */
class DeliveryClaimTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    static Stream<Arguments> databases() {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(PostgresTestConfig.freshDatabase("verdict_claim"));
        pg.setUser("postgres");
        pg.setPassword("postgres");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:claim" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return Stream.of(Arguments.of("PostgreSQL", pg), Arguments.of("H2", h2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentClaimsTakeDisjointDeliveriesAndRespectLeasesAndOrder(String name, DataSource ds) throws Exception {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        JdbcClient setup = JdbcClient.create(ds);
        Timestamp at = Timestamp.from(NOW.minusSeconds(60));
        setup.sql("INSERT INTO tenants (id, name, created_at) VALUES ('t1', 'T', ?)").param(at).update();
        setup.sql("INSERT INTO webhook_subscriptions (tenant_id, id, url, event_types, active, secret, created_at, "
                + "updated_at) VALUES ('t1', 'whk_1', 'https://example.com', '*', TRUE, 'whsec_x', ?, ?)")
                .params(at, at).update();
        DeliveryRepository setupRepo = new DeliveryRepository(setup);
        for (int i = 0; i < 6; i++) {
            // subjects s0..s4 have one event each; s0 has a second, later event (evt_5)
            String subject = "s" + (i == 5 ? 0 : i);
            setup.sql("INSERT INTO events (tenant_id, id, type, subject, payload, occurred_at) "
                    + "VALUES ('t1', ?, 'model.created', ?, '{}', ?)").params("evt_" + i, subject, at).update();
            long seq = setup.sql("SELECT seq FROM events WHERE id = ?").param("evt_" + i).query(Long.class).single();
            setupRepo.insert("t1", "dlv_" + i, "whk_1", "evt_" + i, seq, "model.created", subject, NOW.minusSeconds(1));
        }

        try (Connection c1 = ds.getConnection(); Connection c2 = ds.getConnection()) {
            c1.setAutoCommit(false);
            c2.setAutoCommit(false);
            DeliveryRepository one = new DeliveryRepository(JdbcClient.create(new SingleConnectionDataSource(c1, true)));
            DeliveryRepository two = new DeliveryRepository(JdbcClient.create(new SingleConnectionDataSource(c2, true)));

            List<String> first = ids(one.claim(NOW, NOW.plusSeconds(60), 2, "lease-1"));
            // The first transaction is still open and holds its rows: the second skips them instead of waiting.
            List<String> second = ids(two.claim(NOW, NOW.plusSeconds(60), 10, "lease-2"));
            c1.commit();
            c2.commit();

            assertThat(first).as(name + ": first claim").hasSize(2);
            assertThat(second).as(name + ": second claim").hasSize(3).doesNotContainAnyElementsOf(first);
            List<String> all = new ArrayList<>(first);
            all.addAll(second);
            assertThat(all).as(name + ": the later event of s0 waits for the earlier one")
                    .containsExactlyInAnyOrder("dlv_0", "dlv_1", "dlv_2", "dlv_3", "dlv_4");

            assertThat(one.claim(NOW.plusSeconds(30), NOW.plusSeconds(90), 10, "lease-3"))
                    .as(name + ": leased deliveries are not claimed again before the lease ends").isEmpty();
            c1.commit();
            assertThat(ids(one.claim(NOW.plusSeconds(61), NOW.plusSeconds(121), 10, "lease-4")))
                    .as(name + ": an expired lease is claimable again").hasSize(5);
            c1.commit();
        }
    }

    private static List<String> ids(List<DeliveryRepository.Claimed> claimed) {
        return claimed.stream().map(DeliveryRepository.Claimed::id).toList();
    }
}
