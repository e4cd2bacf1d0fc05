package dev.verdict.web;

import java.io.CharConversionException;

/**
 * Checks bytes for well-formed UTF-8 as they stream past (RFC 3629 / Unicode table 3-7): no overlong forms, no
 * surrogates, nothing above U+10FFFF, no sequence cut short. Jackson's own decoder accepts some of these (it decodes
 * {@code C0 AF} as '/'), so JSON request bodies go through this first.
 */
final class Utf8Validator {

    /** Raised for the first byte that cannot be part of well-formed UTF-8. */
    static final class InvalidUtf8Exception extends CharConversionException {
        InvalidUtf8Exception(long offset) {
            super("Request body is not valid UTF-8 (byte " + offset + ")");
        }
    }

    private int remaining;
    private int lower = 0x80;
    private int upper = 0xBF;
    private long offset;

    void update(byte[] bytes, int off, int len) throws InvalidUtf8Exception {
        for (int i = off; i < off + len; i++) {
            update(bytes[i] & 0xFF);
        }
    }

    void update(int b) throws InvalidUtf8Exception {
        if (remaining > 0) {
            if (b < lower || b > upper) {
                throw new InvalidUtf8Exception(offset);
            }
            remaining--;
            lower = 0x80;
            upper = 0xBF;
        } else if (b >= 0x80) {
            if (b >= 0xC2 && b <= 0xDF) {
                remaining = 1;
            } else if (b == 0xE0) {
                remaining = 2;
                lower = 0xA0;
            } else if (b >= 0xE1 && b <= 0xEC || b == 0xEE || b == 0xEF) {
                remaining = 2;
            } else if (b == 0xED) {
                remaining = 2;
                upper = 0x9F;
            } else if (b == 0xF0) {
                remaining = 3;
                lower = 0x90;
            } else if (b >= 0xF1 && b <= 0xF3) {
                remaining = 3;
            } else if (b == 0xF4) {
                remaining = 3;
                upper = 0x8F;
            } else {
                throw new InvalidUtf8Exception(offset);
            }
        }
        offset++;
    }

    /** At the end of the body: a multi-byte sequence must not be left unfinished. */
    void finish() throws InvalidUtf8Exception {
        if (remaining > 0) {
            throw new InvalidUtf8Exception(offset);
        }
    }
}
