import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Settles the benchmark's PostgreSQL database between scenarios: {@code VACUUM (ANALYZE)} of every table, then a
 * wait (up to a limit) until no autovacuum worker is running, so every measured run starts from the same state: no
 * vacuum left over from the scenario before it, fresh planner statistics.
 *
 * <p>Run as a single-file program with the PostgreSQL JDBC driver on the class path (bench/run.sh takes it from the
 * service jar): {@code java -cp postgresql.jar Settle.java JDBC_URL USER PASSWORD [MAX_WAIT_SECONDS]}. Prints one
 * line: how long the vacuum took and how long it waited.
 */
public final class Settle {

    private Settle() {
    }

    public static void main(String[] args) throws SQLException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: Settle JDBC_URL USER PASSWORD [MAX_WAIT_SECONDS]");
            System.exit(2);
        }
        long maxWaitMillis = (args.length > 3 ? Long.parseLong(args[3]) : 120) * 1000;
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true); // VACUUM cannot run inside a transaction block
            long start = System.nanoTime();
            statement.execute("VACUUM (ANALYZE)");
            long vacuumed = System.nanoTime();
            long deadline = System.currentTimeMillis() + maxWaitMillis;
            int workers;
            while ((workers = autovacuumWorkers(statement)) > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            System.out.printf("VACUUM (ANALYZE) %.1f s, then %.1f s waiting for autovacuum%s%n",
                    (vacuumed - start) / 1e9, (System.nanoTime() - vacuumed) / 1e9,
                    workers > 0 ? " (gave up with " + workers + " still running)" : "");
        }
    }

    private static int autovacuumWorkers(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
