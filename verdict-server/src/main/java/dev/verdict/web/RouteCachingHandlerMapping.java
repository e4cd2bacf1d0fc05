package dev.verdict.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC's annotated request mapping, with a cache of resolved routes. For a path with a variable
 * ({@code /experiments/{id}/assignments}) Spring compares the request with every registered mapping on every
 * request; this remembers, per HTTP method and path, which mapping won, and on the next request only checks that
 * one again (then sets the same request attributes as Spring: path variables, best pattern, handler). About 15 µs
 * of the hot write requests' CPU in the benchmarks' profiles, a few per cent of a request (ADR 007).
 *
 * <p>A route is cached only where the choice depends on nothing but the method and the path: when the winning
 * mapping has no params, headers, consumes, produces or custom conditions, and no mapping with such conditions
 * could match the path at all (their choice may depend on headers). Pre-flight and {@code OPTIONS}/{@code HEAD}
 * requests are not cached. Registering or removing a mapping at runtime empties the cache.
 */
final class RouteCachingHandlerMapping extends RequestMappingHandlerMapping {

    private static final Set<String> CACHED_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private record Route(RequestMappingInfo mapping, HandlerMethod handler) { }

    private final Cache<String, Route> routes;
    /** The registered mapping of each handler method, to check a cached route against the next request. */
    private final Map<Method, RequestMappingInfo> registered = new ConcurrentHashMap<>();
    /** Mappings whose match depends on more than the method and the path. */
    private final List<RequestMappingInfo> conditional = new CopyOnWriteArrayList<>();

    RouteCachingHandlerMapping(long maxRoutes) {
        this.routes = Caffeine.newBuilder().maximumSize(maxRoutes).executor(Runnable::run).build();
    }

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
        super.registerHandlerMethod(handler, method, mapping);
        remember(method, mapping);
    }

    @Override
    public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
        super.registerMapping(mapping, handler, method);
        remember(method, mapping);
    }

    @Override
    public void unregisterMapping(RequestMappingInfo mapping) {
        super.unregisterMapping(mapping);
        registered.values().remove(mapping);
        conditional.remove(mapping);
        routes.invalidateAll();
    }

    private void remember(Method method, RequestMappingInfo mapping) {
        registered.put(method, mapping);
        if (!methodAndPathOnly(mapping)) {
            conditional.add(mapping);
        }
        routes.invalidateAll();
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        String method = request.getMethod();
        if (!CACHED_METHODS.contains(method) || CorsUtils.isPreFlightRequest(request)) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        String key = method + ' ' + lookupPath;
        Route route = routes.getIfPresent(key);
        if (route != null) {
            RequestMappingInfo match = getMatchingMapping(route.mapping(), request);
            if (match != null) {
                request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, route.handler());
                handleMatch(match, lookupPath, request);
                return route.handler();
            }
        }
        HandlerMethod found = super.lookupHandlerMethod(lookupPath, request);
        if (found != null) {
            RequestMappingInfo mapping = registered.get(found.getMethod());
            if (mapping != null && methodAndPathOnly(mapping) && noConditionalMappingMatchesThePath(request)) {
                routes.put(key, new Route(mapping, found));
            }
        }
        return found;
    }

    /** How many routes are cached (for tests). */
    long cachedRoutes() {
        routes.cleanUp();
        return routes.estimatedSize();
    }

    private boolean noConditionalMappingMatchesThePath(HttpServletRequest request) {
        for (RequestMappingInfo mapping : conditional) {
            if (mapping.getActivePatternsCondition().getMatchingCondition(request) != null) {
                return false;
            }
        }
        return true;
    }

    private static boolean methodAndPathOnly(RequestMappingInfo mapping) {
        return mapping.getParamsCondition().isEmpty() && mapping.getHeadersCondition().isEmpty()
                && mapping.getConsumesCondition().isEmpty() && mapping.getProducesCondition().isEmpty()
                && mapping.getVersionCondition().getVersion() == null && mapping.getCustomCondition() == null;
    }
}
