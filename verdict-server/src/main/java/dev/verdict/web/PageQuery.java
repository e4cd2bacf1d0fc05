package dev.verdict.web;

import dev.verdict.common.DomainException;

/** The validated {@code limit} and decoded {@code cursor} of a list request. */
public record PageQuery(int limit, Keyset after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Parses the raw query values; the cursor must have been issued for the same scope (list, tenant, filters). */
    public static PageQuery parse(String rawLimit, String rawCursor, CursorCodec codec, String scope) {
        int limit = DEFAULT_LIMIT;
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit.trim());
            } catch (NumberFormatException e) {
                throw DomainException.validation("limit", "must be an integer from 1 to " + MAX_LIMIT);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw DomainException.validation("limit", "must be an integer from 1 to " + MAX_LIMIT);
            }
        }
        Keyset after = rawCursor == null || rawCursor.isEmpty() ? null : codec.decode(scope, rawCursor);
        return new PageQuery(limit, after);
    }

    /** Rows to fetch: one more than the page, to know whether there is a next page. */
    public int fetchSize() {
        return limit + 1;
    }
}
