package dev.verdict.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * After the tests of the build: no test output or service log contains an API key or the pepper that a test created
 * or used (recorded in {@code target/test-secrets/keys.txt}), and refused keys are logged by their prefix only.
 * Failures name the file and the secret's first eight characters, never the secret.
 */
class LogHygieneIT {

    private static final Pattern REFUSED = Pattern.compile("Refused API key (\\S+)");

    private static List<Path> logs() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String[] dirAndSuffix : new String[][]{{"target/surefire-reports", "-output.txt"},
                {"target/it-logs", ".log"}, {"target/failsafe-reports", "-output.txt"}}) {
            Path dir = Path.of(dirAndSuffix[0]);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().endsWith(dirAndSuffix[1]))
                            .filter(p -> !p.getFileName().toString().contains(LogHygieneIT.class.getSimpleName()))
                            .forEach(files::add);
                }
            }
        }
        return files;
    }

    private static String prefix(String secret) {
        return secret.substring(0, Math.min(8, secret.length())) + "…";
    }

    @Test
    void noLogContainsARecordedKeyOrThePepper() throws IOException {
        List<String> secrets = TestSecrets.all();
        assertThat(secrets).as("recorded secrets in %s: run the tests first (mvn verify)", TestSecrets.FILE)
                .hasSizeGreaterThan(2);
        List<Path> files = logs();
        assertThat(files).as("test output files under target/surefire-reports (run the tests first)").isNotEmpty();
        List<String> leaks = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    leaks.add(file + " contains the secret starting " + prefix(secret));
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("Secrets found in logs (" + leaks.size() + "):\n" + String.join("\n", leaks));
        }
    }

    @Test
    void refusedKeysAreLoggedWithTheirPrefixOnly() throws IOException {
        int refusals = 0;
        List<String> problems = new ArrayList<>();
        for (Path file : logs()) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            Matcher m = REFUSED.matcher(text);
            while (m.find()) {
                refusals++;
                String shown = m.group(1);
                if (shown.length() > 8 && !shown.equals("(malformed)") && !shown.equals("(none)")) {
                    problems.add(file + ": a refused key is logged with " + shown.length()
                            + " characters, more than its 8-character prefix (" + prefix(shown) + ")");
                }
            }
            Matcher full = TestSecrets.FULL_KEY.matcher(text);
            while (full.find()) {
                problems.add(file + ": a full-length key starting " + prefix(full.group()) + " at offset "
                        + full.start());
            }
        }
        assertThat(refusals).as("'Refused API key' lines in the test logs (the auth tests refuse keys)").isPositive();
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }
}
