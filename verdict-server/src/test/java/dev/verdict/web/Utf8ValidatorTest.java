package dev.verdict.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {

    private static void check(byte[] bytes) throws Exception {
        Utf8Validator v = new Utf8Validator();
        v.update(bytes, 0, bytes.length);
        v.finish();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "ümlaut", "日本語", "🙂 emoji", "\u0000", "\uFFFD", "\uD7FF", "\uE000",
            "\uDBFF\uDFFF"})
    void acceptsWellFormedUtf8(String text) {
        assertThatCode(() -> check(text.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "fe", "80", "bf", "c0af", "c1bf", "e080af", "eda080", "edbfbf", "f08080af",
            "f4908080", "f5808080", "c3", "e282", "f09f98", "c328", "e228a1", "f0289f98"})
    void refusesMalformedUtf8(String hex) {
        assertThatThrownBy(() -> check(HexFormat.of().parseHex(hex)))
                .isInstanceOf(Utf8Validator.InvalidUtf8Exception.class);
    }
}
