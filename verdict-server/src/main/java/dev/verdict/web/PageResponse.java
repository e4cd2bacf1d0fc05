package dev.verdict.web;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A page of a list: {@code {"data": [...], "pagination": {cursor, hasMore, total, limit}}}. */
public record PageResponse<T>(List<T> data, Pagination pagination) {

    /** Where the page stands in the whole list. */
    public record Pagination(@Nullable String cursor, boolean hasMore, long total, int limit) { }

    /**
     * Builds a page from up to {@code limit + 1} rows fetched after the previous position: the extra row only says
     * that there is more.
     */
    public static <R, T> PageResponse<T> of(List<R> rows, PageQuery query, long total, Function<R, T> toItem,
                                            Function<R, Keyset> position, CursorCodec codec, String scope) {
        boolean hasMore = rows.size() > query.limit();
        List<R> page = hasMore ? rows.subList(0, query.limit()) : rows;
        String cursor = hasMore ? codec.encode(scope, position.apply(page.get(page.size() - 1))) : null;
        return new PageResponse<>(page.stream().map(toItem).toList(),
                new Pagination(cursor, hasMore, total, query.limit()));
    }
}
