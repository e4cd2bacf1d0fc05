package dev.verdict.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.ServletRequestPathUtils;

class RouteCachingHandlerMappingTest {

    /** Handler methods; only their names matter here. */
    static class Handlers {
        public String item() {
            return "item";
        }

        public String special() {
            return "special";
        }

        public String created() {
            return "created";
        }

        public String docJson() {
            return "docJson";
        }

        public String docHtml() {
            return "docHtml";
        }
    }

    private record Resolved(String handler, Map<String, String> variables) { }

    private RouteCachingHandlerMapping mapping;

    @BeforeEach
    void mappings() throws Exception {
        mapping = new RouteCachingHandlerMapping(100);
        StaticWebApplicationContext context = new StaticWebApplicationContext();
        context.setServletContext(new MockServletContext());
        context.refresh();
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        register(RequestMappingInfo.paths("/items/{id}").methods(RequestMethod.GET), "item");
        register(RequestMappingInfo.paths("/items/special").methods(RequestMethod.GET), "special");
        register(RequestMappingInfo.paths("/items/{id}").methods(RequestMethod.POST), "created");
        register(RequestMappingInfo.paths("/docs/{name}").methods(RequestMethod.GET).produces("application/json"),
                "docJson");
        register(RequestMappingInfo.paths("/docs/{name}").methods(RequestMethod.GET).produces("text/html"),
                "docHtml");
    }

    private void register(RequestMappingInfo.Builder info, String method) throws Exception {
        mapping.registerMapping(info.options(mapping.getBuilderConfiguration()).build(), new Handlers(),
                Handlers.class.getMethod(method));
    }

    @SuppressWarnings("unchecked")
    private Resolved resolve(String method, String path, String accept) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        ServletRequestPathUtils.parseAndCache(request);
        HandlerExecutionChain chain = mapping.getHandler(request);
        assertThat(chain).as("%s %s", method, path).isNotNull();
        String handler = ((HandlerMethod) chain.getHandler()).getMethod().getName();
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        assertThat(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE)).isSameAs(chain.getHandler());
        return new Resolved(handler, variables);
    }

    @Test
    void aRepeatedRouteIsAnsweredFromTheCacheWithTheSameHandlerAndPathVariables() throws Exception {
        Resolved first = resolve("GET", "/items/42", null);
        assertThat(mapping.cachedRoutes()).isEqualTo(1);
        Resolved again = resolve("GET", "/items/42", null);
        assertThat(again).isEqualTo(first).isEqualTo(new Resolved("item", Map.of("id", "42")));
        assertThat(resolve("GET", "/items/7", null)).isEqualTo(new Resolved("item", Map.of("id", "7")));
    }

    @Test
    void theMethodIsPartOfTheRouteAndALiteralPathStillBeatsAPattern() throws Exception {
        resolve("GET", "/items/42", null);
        assertThat(resolve("POST", "/items/42", null)).isEqualTo(new Resolved("created", Map.of("id", "42")));
        assertThat(resolve("GET", "/items/42", null).handler()).isEqualTo("item");
        for (int i = 0; i < 2; i++) {
            assertThat(resolve("GET", "/items/special", null).handler()).isEqualTo("special");
        }
    }

    @Test
    void aPathThatAHeaderDependentMappingMatchesIsNeverCached() throws Exception {
        assertThat(resolve("GET", "/docs/a", "application/json").handler()).isEqualTo("docJson");
        assertThat(resolve("GET", "/docs/a", "text/html").handler()).isEqualTo("docHtml");
        assertThat(resolve("GET", "/docs/a", "application/json").handler()).isEqualTo("docJson");
        assertThat(mapping.cachedRoutes()).isZero();
    }

    @Test
    void registeringAMappingEmptiesTheCache() throws Exception {
        resolve("GET", "/items/other", null);
        assertThat(mapping.cachedRoutes()).isEqualTo(1);
        register(RequestMappingInfo.paths("/items/other").methods(RequestMethod.GET), "special");
        assertThat(mapping.cachedRoutes()).isZero();
        assertThat(resolve("GET", "/items/other", null).handler()).isEqualTo("special");
    }
}
