package dev.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.support.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JVM flags Verdict ships with are written once in the pom; every place a user starts it from carries them. */
class JvmDefaultsTest {

    private static String shippedFlags() throws IOException {
        Matcher m = Pattern.compile("<verdict\\.jvm\\.flags>([^<]+)</verdict\\.jvm\\.flags>")
                .matcher(Files.readString(ProjectRoot.resolve("pom.xml")));
        assertThat(m.find()).as("verdict.jvm.flags in the root pom").isTrue();
        return m.group(1).trim();
    }

    @Test
    void theReadmesProductionStartAndTheDockerfileUseTheShippedFlags() throws IOException {
        String flags = shippedFlags();
        assertThat(flags).contains("-XX:+UseSerialGC", "-Xmx");
        assertThat(Files.readString(ProjectRoot.resolve("README.md"))).contains("java " + flags + " \\");
        assertThat(Files.readString(ProjectRoot.resolve("Dockerfile"))).contains("JAVA_OPTS=\"" + flags + "\"");
    }

    @Test
    void springBootRunAndTheBenchmarkTakeTheFlagsFromThePom() throws IOException {
        assertThat(Files.readString(ProjectRoot.resolve("verdict-server/pom.xml")))
                .contains("<jvmArguments>${verdict.jvm.flags}</jvmArguments>");
        assertThat(Files.readString(ProjectRoot.resolve("bench/run.sh"))).contains("verdict.jvm.flags");
    }
}
