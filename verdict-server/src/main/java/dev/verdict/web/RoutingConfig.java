package dev.verdict.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Spring MVC's annotated mapping with the cache of resolved routes ({@link RouteCachingHandlerMapping}). */
@Configuration
class RoutingConfig {

    @Bean
    WebMvcRegistrations routeCachingRegistrations(@Value("${verdict.web.route-cache-size:10000}") long maxRoutes) {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new RouteCachingHandlerMapping(maxRoutes);
            }
        };
    }
}
