package dev.verdict.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit (default 1 MiB) with 413: at once when Content-Length says so, and while
 * reading when the body is chunked, so a large body is never buffered. JSON bodies are also checked for well-formed
 * UTF-8 while they are read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestLimitsFilter extends OncePerRequestFilter {

    private final long maxBodyBytes;
    private final ErrorWriter errors;

    public RequestLimitsFilter(LimitsProperties limits, ErrorWriter errors) {
        this.maxBodyBytes = limits.maxBodyBytes();
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            response.setHeader("Connection", "close");
            errors.write(response, ApiError.PAYLOAD_TOO_LARGE,
                    "Request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        String queryProblem = queryProblem(request.getQueryString());
        if (queryProblem != null) {
            errors.write(response, ApiError.BAD_REQUEST, queryProblem);
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBodyBytes, isUtf8Json(request.getContentType())), response);
    }

    /**
     * Query strings must decode to UTF-8 without NUL characters: Tomcat otherwise fails on bad percent-encoded bytes
     * only when a parameter is first read (an unexpected exception, 500), and PostgreSQL refuses NUL in text (500).
     */
    static String queryProblem(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0
                        || Character.digit(query.charAt(i + 2), 16) < 0) {
                    return "Query string has an invalid percent-encoding";
                }
                bytes.write(Character.digit(query.charAt(i + 1), 16) * 16 + Character.digit(query.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c > 0x7F ? '?' : c);
            }
        }
        String decoded;
        try {
            decoded = decoder.decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return "Query parameters must be valid UTF-8";
        }
        if (decoded.indexOf(0) >= 0) {
            return "Query parameters must not contain NUL characters";
        }
        return null;
    }

    /** JSON without a charset parameter is UTF-8 (RFC 8259); a declared UTF-8 charset is checked too. */
    private static boolean isUtf8Json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(java.util.Locale.ROOT);
        int semicolon = ct.indexOf(';');
        String type = (semicolon < 0 ? ct : ct.substring(0, semicolon)).trim();
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            return false;
        }
        int charset = ct.indexOf("charset=");
        if (charset < 0) {
            return true;
        }
        String name = ct.substring(charset + 8).replace("\"", "").trim();
        return name.startsWith("utf-8") || name.startsWith("utf8");
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private final boolean utf8;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit, boolean utf8) {
            super(request);
            this.limit = limit;
            this.utf8 = utf8;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit, utf8 ? new Utf8Validator() : null);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final Utf8Validator utf8;
        private long count;

        LimitedStream(ServletInputStream in, long limit, Utf8Validator utf8) {
            this.in = in;
            this.limit = limit;
            this.utf8 = utf8;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
                if (utf8 != null) {
                    utf8.update(b);
                }
            } else if (utf8 != null) {
                utf8.finish();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
                if (utf8 != null) {
                    utf8.update(b, off, n);
                }
            } else if (n < 0 && utf8 != null) {
                utf8.finish();
            }
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
