package dev.verdict.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root (where {@code mvnw} is), for tests that read or write the project's docs. */
public final class ProjectRoot {

    private ProjectRoot() {
    }

    public static Path resolve(String relative) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("mvnw")) && Files.isDirectory(d.resolve("docs"))) {
                return d.resolve(relative);
            }
        }
        throw new IllegalStateException("no project root (a folder with mvnw and docs/) above " + dir);
    }
}
