package dev.verdict.webhook;

import dev.verdict.common.DomainException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Server-side request forgery guard. A webhook URL must be https (http only where configuration allows it) and
 * every address its host resolves to must be public: no loopback, link-local (cloud metadata), private,
 * unique-local, wildcard or multicast address unless {@code verdict.webhooks.allow-private-targets}. Checked when a
 * subscription is saved and again before each connection, after DNS resolution (ADR 015).
 */
@Component
class TargetGuard {

    static final int MAX_URL = 2048;

    private final boolean allowHttp;
    private final boolean allowPrivate;

    TargetGuard(WebhookProperties properties) {
        this.allowHttp = properties.allowInsecureHttp();
        this.allowPrivate = properties.allowPrivateTargets();
    }

    /** The parsed URL when it is acceptable for a subscription; a validation error otherwise. */
    URI checkSubscription(String url) {
        URI uri = parse(url);
        try {
            resolveAndCheck(uri);
        } catch (UnknownHostException e) {
            throw DomainException.validation("url", "host " + shorten(uri.getHost()) + " does not resolve");
        } catch (RefusedTarget e) {
            throw DomainException.validation("url", e.getMessage());
        }
        return uri;
    }

    /**
     * Resolves the host and checks every address; returns the address to connect to. The JVM caches successful
     * lookups (networkaddress.cache.ttl, 30 s by default), so the HTTP client's own lookup moments later gets the
     * same, checked, answer.
     */
    InetAddress resolveAndCheck(URI uri) throws UnknownHostException {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] all = InetAddress.getAllByName(host);
        if (!allowPrivate) {
            for (InetAddress a : all) {
                if (!isPublic(a)) {
                    throw new RefusedTarget("host " + shorten(uri.getHost()) + " resolves to a non-public address "
                            + "(loopback, link-local, private or multicast); set verdict.webhooks.allow-private-"
                            + "targets=true for local receivers");
                }
            }
        }
        return all[0];
    }

    URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw DomainException.validation("url", "is required");
        }
        if (url.length() > MAX_URL) {
            throw DomainException.validation("url", "must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw DomainException.validation("url", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
            throw DomainException.validation("url", allowHttp ? "must be an http or https URL"
                    : "must be an https URL (http only with verdict.webhooks.allow-insecure-http)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw DomainException.validation("url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw DomainException.validation("url", "must not carry user information");
        }
        if (uri.getRawFragment() != null) {
            throw DomainException.validation("url", "must not have a fragment");
        }
        return uri;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false;                                   // fc00::/7 unique local
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= b[i] == 0;
            }
            if (v4Mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first != 0                                       // 0.0.0.0/8 "this network"
                && !(first == 100 && second >= 64 && second < 128)  // 100.64.0.0/10 carrier-grade NAT
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)  // 192.0.0.0/24 protocol assignments
                && !(first == 198 && (second == 18 || second == 19))     // 198.18.0.0/15 benchmarking
                && first < 240;                                 // 240.0.0.0/4 reserved, broadcast
    }

    private static String shorten(String host) {
        return host == null ? "" : host.length() > 64 ? host.substring(0, 64) + "…" : host;
    }

    /** A target that resolved to an address the configuration does not allow. */
    static final class RefusedTarget extends RuntimeException {
        RefusedTarget(String message) {
            super(message, null, false, false);
        }
    }
}
