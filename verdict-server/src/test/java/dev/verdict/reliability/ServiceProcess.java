package dev.verdict.reliability;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged service jar run as a separate process, as an operator runs it. */
final class ServiceProcess implements AutoCloseable {

    static final String ADMIN_KEY = "krn_reliabilityreliabilityreliabilityreliab00";
    static final String PEPPER = "reliability-pepper-0123456789";

    static {
        dev.verdict.support.TestSecrets.record(ADMIN_KEY);
        dev.verdict.support.TestSecrets.record(PEPPER);
    }

    private final Process process;
    final int port;
    final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServiceProcess start(String name, Map<String, String> env, String... args) throws IOException {
        int port = freePort();
        Path logs = Path.of("target", "it-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + "-" + System.currentTimeMillis() + ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toString(), "--server.port=" + port, "--verdict.promotion.enabled=false"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("VERDICT_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
        builder.environment().put("API_KEY_PEPPER", PEPPER);
        builder.environment().put("VERDICT_RATE_LIMIT_ENABLED", "false");
        builder.environment().putAll(env);
        ServiceProcess service = new ServiceProcess(builder.start(), port, log);
        service.awaitHealthy(Duration.ofSeconds(120));
        return service;
    }

    static Path jar() {
        File[] jars = new File("target").listFiles((dir, n) -> n.startsWith("verdict-") && n.endsWith(".jar")
                && !n.endsWith("-plain.jar") && !n.endsWith(".original"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No packaged jar in target/: run through 'mvn verify'");
        }
        return jars[0].toPath();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitHealthy(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Service exited early; see " + log + "\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Service not healthy in " + timeout + "; see " + log + "\n" + tail());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGKILL: the process gets no chance to flush or finish anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: graceful shutdown. Returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Service did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
