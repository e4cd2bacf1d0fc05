package dev.verdict.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.DomainException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec("secret-0123456789".getBytes(StandardCharsets.UTF_8));
    private final Keyset position = new Keyset(Instant.parse("2026-03-01T10:00:00.123Z"), "mdl_01JD3Q8W5T0000000000000000");

    private void assertRefused(String scope, String cursor) {
        assertThatThrownBy(() -> codec.decode(scope, cursor))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
                    assertThat(e.details()).extracting(DomainException.FieldProblem::field).containsExactly("cursor");
                });
    }

    @Test
    void roundTripsThePosition() {
        String cursor = codec.encode("models|t1|null|null", position);
        assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(codec.decode("models|t1|null|null", cursor)).isEqualTo(position);
    }

    @Test
    void cursorOfAnotherScopeIsRefused() {
        String cursor = codec.encode("models|t1|null|null", position);
        assertRefused("models|t2|null|null", cursor);
        assertRefused("models|t1|draft|null", cursor);
        assertRefused("keys|t1", cursor);
    }

    @Test
    void cursorSignedWithAnotherSecretIsRefused() {
        String foreign = new CursorCodec("another-secret-0000".getBytes(StandardCharsets.UTF_8))
                .encode("models|t1|null|null", position);
        assertRefused("models|t1|null|null", foreign);
    }

    @Test
    void tamperedCursorsAreRefused() {
        String scope = "s";
        String cursor = codec.encode(scope, position);
        int dot = cursor.indexOf('.');
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String otherPayload = b64.encodeToString(("1|" + position.id()).getBytes(StandardCharsets.UTF_8));
        assertRefused(scope, otherPayload + cursor.substring(dot));
        // every single-character change is refused, including the unused bits of the last Base64 character
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < cursor.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != cursor.charAt(i)) {
                    String changed = cursor.substring(0, i) + c + cursor.substring(i + 1);
                    assertRefused(scope, changed);
                }
            }
        }
        for (String bad : new String[]{"", ".", "abc", "a.b", "!!.!!", cursor + ".x", "x".repeat(513)}) {
            assertRefused(scope, bad);
        }
    }
}
