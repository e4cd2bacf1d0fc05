package dev.verdict.auth;

import dev.verdict.web.CursorCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pepper: from {@code API_KEY_PEPPER}, or for the embedded default generated once into the data directory. */
@Configuration
class AuthConfig {

    private static final Logger log = LoggerFactory.getLogger(AuthConfig.class);

    @Bean
    KeyDigester keyDigester(SecurityProperties properties, @Value("${verdict.data-dir}") Path dataDir)
            throws IOException {
        String configured = properties.apiKeyPepper();
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < 16) {
                throw new IllegalStateException("API_KEY_PEPPER must be at least 16 characters");
            }
            return new KeyDigester(configured.getBytes(StandardCharsets.UTF_8));
        }
        Path file = dataDir.resolve("pepper");
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            Files.writeString(file, Base64.getEncoder().encodeToString(bytes), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                log.debug("File system has no POSIX permissions for {}", file);
            }
            log.info("Generated a new API key pepper in {}", file.toAbsolutePath());
        }
        return new KeyDigester(Files.readString(file, StandardCharsets.US_ASCII).trim()
                .getBytes(StandardCharsets.UTF_8));
    }

    @Bean
    CursorCodec cursorCodec(KeyDigester digester) {
        return new CursorCodec(digester.derive("cursor"));
    }
}
