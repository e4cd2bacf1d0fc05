package dev.verdict.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every secret a test creates or uses (API keys, the pepper), appended to {@code target/test-secrets/keys.txt} so
 * that {@code LogHygieneIT} can check after the build that no log or report ever contains one of them.
 */
public final class TestSecrets {

    public static final Path FILE = Path.of("target", "test-secrets", "keys.txt");
    public static final String PEPPER = "test-pepper-0123456789abcdef";
    /** The shape of a full API key (the service's own pattern). */
    public static final Pattern FULL_KEY = Pattern.compile("krn_[A-Za-z0-9_-]{32,128}");
    /** The shape of a webhook signing secret. */
    public static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9_-]{32,128}");

    private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

    static {
        record(PEPPER);
        record(Api.BOOTSTRAP_KEY);
    }

    private TestSecrets() {
    }

    /** Records one secret (once per JVM); blank values are ignored. */
    public static void record(String secret) {
        if (secret == null || secret.isBlank() || !RECORDED.add(secret)) {
            return;
        }
        synchronized (TestSecrets.class) {
            try {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Records every full API key and webhook signing secret found in a text, e.g. the body of a response that
     * created a key or a webhook.
     */
    public static void recordKeysIn(String text) {
        if (text == null) {
            return;
        }
        if (text.contains("krn_")) {
            Matcher m = FULL_KEY.matcher(text);
            while (m.find()) {
                record(m.group());
            }
        }
        if (text.contains("whsec_")) {
            Matcher m = WEBHOOK_SECRET.matcher(text);
            while (m.find()) {
                record(m.group());
            }
        }
    }

    /** The secrets recorded so far by this and earlier test JVMs of the build. */
    public static List<String> all() {
        try {
            return Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8).stream()
                    .filter(s -> !s.isBlank()).distinct().toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
