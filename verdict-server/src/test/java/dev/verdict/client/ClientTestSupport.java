package dev.verdict.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** What the client tests against the real server share: listeners that record, meters, ports nobody serves. */
final class ClientTestSupport {

    private ClientTestSupport() {
    }

    /** A listener keeping every error and event it is told, for assertions. */
    static final class Recorder implements VerdictListener {
        final List<ClientError> errors = new CopyOnWriteArrayList<>();
        final List<ClientEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onError(ClientError error) {
            errors.add(error);
        }

        @Override
        public void onEvent(ClientEvent event) {
            events.add(event);
        }

        List<ClientError.Kind> errorKinds() {
            return errors.stream().map(ClientError::kind).toList();
        }
    }

    static URI local(int port) {
        return URI.create("http://localhost:" + port);
    }

    /** A port that was free a moment ago and that nobody listens on: connections are refused. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double counter(VerdictClient client, String name, String tag, String value) {
        return client.meterRegistry().get(name).tag(tag, value).counter().count();
    }

    static double gauge(VerdictClient client, String name) {
        return client.meterRegistry().get(name).gauge().value();
    }

    /** Waits, at most 30 s, for something the client's thread makes true; fails naming it otherwise. */
    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("still waiting for: %s", what).isNegative();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
