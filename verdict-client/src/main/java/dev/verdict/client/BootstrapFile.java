package dev.verdict.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The feed as last fetched, kept on disk for a cold start without the server. Written whole to a temporary file in
 * the same folder, forced to disk and renamed over the old one, so a reader sees the old or the new feed, never half.
 */
final class BootstrapFile {

    private final Path file;

    BootstrapFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    byte[] read() throws IOException {
        return Files.readAllBytes(file);
    }

    long lastModifiedMillis() throws IOException {
        return Files.getLastModifiedTime(file).toMillis();
    }

    void write(byte[] body) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(body);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
