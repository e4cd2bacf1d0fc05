package dev.verdict.web;

import java.util.List;
import tools.jackson.databind.DatabindException;

final class JsonPaths {

    private JsonPaths() {
    }

    /** {@code challengers[2].trafficPct} from Jackson's reference path. */
    static String describe(List<DatabindException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (DatabindException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                String name = ref.getPropertyName();
                sb.append(name.length() > 64 ? name.substring(0, 64) + "…" : name);
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }
}
