package dev.verdict.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** The shape of API keys: {@code krn_} and 43 URL-safe characters (256 bits from a secure random source). */
public final class ApiKeys {

    public static final String PREFIX = "krn_";
    private static final Pattern SHAPE = Pattern.compile("krn_[A-Za-z0-9_-]{32,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean wellFormed(String key) {
        return key != null && SHAPE.matcher(key).matches();
    }

    /** The non-secret part shown in listings and logs: the prefix and the first four random characters. */
    public static String displayPrefix(String key) {
        if (key == null) {
            return "(none)";
        }
        return key.length() <= 8 ? "(malformed)" : key.substring(0, 8);
    }
}
