package dev.verdict.client;

/** Calls the listener and swallows what it throws: a faulty listener must not break assignment or reporting. */
final class Notifier {

    private final VerdictListener listener;

    Notifier(VerdictListener listener) {
        this.listener = listener;
    }

    void error(ClientError error) {
        try {
            listener.onError(error);
        } catch (RuntimeException ignored) {
            // the listener's problem; the client carries on
        }
    }

    void event(ClientEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException ignored) {
            // the listener's problem; the client carries on
        }
    }
}
