package dev.verdict.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's answers for customers in moved buckets, kept until their assignment expires: least recently used
 * first out beyond {@code capacity}. A cached answer is used only while it is still what the server would say (same
 * phase, not expired, the current version serves the variant with the same model).
 */
final class ServerAnswers {

    private record Key(String experimentId, String customerId) { }

    /** A server answer and the stored assignment's expiry and model, for the validity rule. */
    record Cached(AssignmentResult answer, long expiresAtMillis) { }

    private final LinkedHashMap<Key, Cached> entries;

    ServerAnswers(int capacity) {
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached answer when it is still valid for {@code experiment} at {@code nowMillis}, else null. */
    synchronized AssignmentResult get(CompiledExperiment experiment, String customerId, long nowMillis) {
        Key key = new Key(experiment.id, customerId);
        Cached c = entries.get(key);
        if (c == null) {
            return null;
        }
        AssignmentResult a = c.answer();
        if (a.phase() != experiment.phase || c.expiresAtMillis() <= nowMillis
                || !experiment.servesWithModel(a.variant(), a.modelId())) {
            entries.remove(key);
            return null;
        }
        return a;
    }

    synchronized void put(String experimentId, String customerId, AssignmentResult answer, long expiresAtMillis) {
        entries.put(new Key(experimentId, customerId), new Cached(answer, expiresAtMillis));
    }

    synchronized int size() {
        return entries.size();
    }
}
