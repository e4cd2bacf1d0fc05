package dev.verdict.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title and the two ways to present an API key, applied to every operation. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String BEARER = "bearerApiKey";
    static final String HEADER = "xApiKey";

    @Bean
    OpenAPI verdictOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Verdict")
                        .description("Champion/challenger experimentation for decisioning models: a model registry, "
                                + "experiments, sticky assignment, outcomes, statistics and audited promotion. "
                                + "Authenticate with an API key (krn_…) as a bearer token or in X-Api-Key.")
                        .version("v1"))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("Authorization: Bearer krn_…"))
                        .addSecuritySchemes(HEADER, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key").description("X-Api-Key: krn_…")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(HEADER));
    }
}
