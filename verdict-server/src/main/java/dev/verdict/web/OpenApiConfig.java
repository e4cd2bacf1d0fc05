package dev.verdict.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document: its title, licence and server, the two ways to present an API key, and on every operation
 * the 4xx answers it can give, each with the error envelope. Clients in other languages are generated from it, so
 * {@code OpenApiDocumentApiTest} keeps it clean under the rules Redocly's recommended set applies.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String BEARER = "bearerApiKey";
    static final String HEADER = "xApiKey";
    static final String ERROR_SCHEMA = "ErrorBody";

    static {
        // swagger-core introspects with Jackson 2 and does not know Jackson 3's JsonNode: left alone it describes the
        // node's own getters (array, bigDecimal, boolean, …) as an object, and generated clients fail on the real
        // JSON. Fields of this type (stored results, audit snapshots, promotion evidence) carry a JSON object.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class,
                new ObjectSchema().description("A free-form JSON object, as stored"));
    }

    @Bean
    OpenAPI verdictOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Verdict")
                        .description("Champion/challenger experimentation for decisioning models: a model registry, "
                                + "experiments, sticky assignment, outcomes, statistics and audited promotion. "
                                + "Authenticate with an API key (krn_…) as a bearer token or in X-Api-Key. "
                                + "Every 4xx and 5xx answer is the error envelope "
                                + "{\"error\":{\"code\",\"message\",\"status\",\"details\"?,\"requestId\"?}}.")
                        .version("v1")
                        // No LICENSE file in the repository: the code is proprietary and no licence is granted.
                        // "UNLICENSED" is npm's marker for that; the SPDX identifier is a LicenseRef (SPDX has no
                        // id for "no licence"), which Redocly's info-license-strict accepts.
                        .license(new License().name("UNLICENSED (proprietary; no licence is granted)")
                                .identifier("LicenseRef-Proprietary")))
                // Relative: the document is served by the instance it describes, whatever its host name.
                .servers(List.of(new Server().url("/").description("The Verdict instance serving this document")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("Authorization: Bearer krn_…"))
                        .addSecuritySchemes(HEADER, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key").description("X-Api-Key: krn_…")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(HEADER));
    }

    /** Learns, while springdoc builds the document, which record each schema comes from. */
    @Bean
    BodyContract bodyContract() {
        return new BodyContract();
    }

    /**
     * Adds to each operation the 4xx answers it can give: 400 when it takes a body or a path or query parameter, 401 always (every
     * API call needs a key), 403 when {@link RoleRestrictions} says only some roles may call it, 404 when its path
     * names a resource, 413 when it takes a body, 429 always (per-key rate limit). A 4xx an operation declares
     * itself (a 409) keeps its description and gets the envelope. Then, with every schema in place, gives creates
     * their required properties and marks what each answer always has and what can be null ({@link BodyContract}).
     */
    @Bean
    OpenApiCustomizer errorResponses(RoleRestrictions roles, BodyContract contract) {
        return openApi -> {
            Components components = openApi.getComponents();
            if (components.getSchemas() == null) {
                components.setSchemas(new TreeMap<>());
            }
            @SuppressWarnings("rawtypes")
            Map<String, Schema> envelope = ModelConverters.getInstance().readAll(ErrorBody.class);
            envelope.forEach(components.getSchemas()::putIfAbsent);
            contract.madeFrom(ERROR_SCHEMA, ErrorBody.class);
            contract.madeFrom("Error", ErrorBody.Error.class);
            contract.madeFrom("FieldProblem", dev.verdict.common.DomainException.FieldProblem.class);
            // springdoc collects the tags in a hash set; sorted, the document is the same on every start and
            // docs/openapi.json (OpenApiSnapshotApiTest) does not churn.
            if (openApi.getTags() != null) {
                openApi.getTags().sort(Comparator.comparing(Tag::getName));
            }
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                    addErrors(path, method, op, roles)));
            // Last, when every answer's schema is in: what each answer always has, and what can be null.
            contract.apply(openApi);
        };
    }

    private static void addErrors(String path, PathItem.HttpMethod method, Operation op, RoleRestrictions roles) {
        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        op.setResponses(responses);
        // Headers such as If-None-Match are conditions, not input that can be invalid.
        boolean hasInput = op.getRequestBody() != null || (op.getParameters() != null
                && op.getParameters().stream().anyMatch(p -> !"header".equals(p.getIn())));
        if (hasInput) {
            add(responses, "400", "Invalid request (VALIDATION_FAILED with details per field, or BAD_REQUEST)");
        }
        add(responses, "401", "No valid API key (UNAUTHORIZED)");
        if (roles.restricted(method.name(), path)) {
            add(responses, "403", "This key's role may not do this (FORBIDDEN)");
        }
        if (path.contains("{")) {
            add(responses, "404", "No such resource in the key's tenant (NOT_FOUND)");
        }
        if (op.getRequestBody() != null) {
            add(responses, "413", "Request body over the size limit (PAYLOAD_TOO_LARGE)");
        }
        add(responses, "429", "The key's rate limit is used up; retry after Retry-After seconds (RATE_LIMITED)");
        responses.forEach((code, response) -> {
            if (code.startsWith("4") && response.get$ref() == null) {
                response.setContent(errorContent());
            }
        });
    }

    private static void add(ApiResponses responses, String code, String description) {
        responses.putIfAbsent(code, new ApiResponse().description(description));
    }

    private static Content errorContent() {
        return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA)));
    }
}
