package dev.verdict.web;

import dev.verdict.common.DomainException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque pagination cursors: the position, bound to a scope (list, tenant and filters) and signed with HMAC-SHA256,
 * so a tampered cursor, or one from another tenant's or another filter's list, is refused with 400.
 */
public final class CursorCodec {

    private final SecretKeySpec key;

    public CursorCodec(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String encode(String scope, Keyset position) {
        String payload = position.createdAt().toEpochMilli() + "|" + position.id();
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(body) + "." + b64.encodeToString(mac(scope, payload));
    }

    public Keyset decode(String scope, String cursor) {
        try {
            if (cursor.length() > 512) {
                throw invalid();
            }
            int dot = cursor.indexOf('.');
            if (dot <= 0) {
                throw invalid();
            }
            Base64.Decoder b64 = Base64.getUrlDecoder();
            String payload = new String(b64.decode(cursor.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = b64.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(scope, payload))) {
                throw invalid();
            }
            int bar = payload.indexOf('|');
            Keyset position = new Keyset(Instant.ofEpochMilli(Long.parseLong(payload.substring(0, bar))),
                    payload.substring(bar + 1));
            // Base64 ignores the unused bits of the last character, so several strings decode alike; only the
            // one this codec issues is accepted.
            if (!encode(scope, position).equals(cursor)) {
                throw invalid();
            }
            return position;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid();
        }
    }

    private static DomainException invalid() {
        return DomainException.validation("cursor", "is not a cursor issued for this list");
    }

    private byte[] mac(String scope, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] full = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(full, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
