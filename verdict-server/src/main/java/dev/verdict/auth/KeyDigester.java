package dev.verdict.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 of an API key under the server pepper: the only form in which keys are stored. */
public final class KeyDigester {

    private final SecretKeySpec pepper;
    private final byte[] pepperBytes;

    public KeyDigester(byte[] pepper) {
        this.pepperBytes = pepper.clone();
        this.pepper = new SecretKeySpec(pepper, "HmacSHA256");
    }

    public String digest(String apiKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return HexFormat.of().formatHex(mac.doFinal(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A secret for another purpose (cursor signing), derived from the pepper so there is one secret to manage. */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepperBytes, "HmacSHA256"));
            return mac.doFinal(("verdict/" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
