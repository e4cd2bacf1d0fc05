package dev.verdict.sdk;

import dev.verdict.core.SdkConfig;

import dev.verdict.auth.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** {@code GET /api/v1/sdk/config}: the configuration feed, with ETag revalidation. */
@RestController
@Tag(name = "SDK", description = "What client libraries need to assign locally and report what they decided")
class SdkConfigController {

    private final SdkConfigService feed;

    SdkConfigController(SdkConfigService feed) {
        this.feed = feed;
    }

    @GetMapping("/api/v1/sdk/config")
    @Operation(operationId = "getSdkConfig", summary = "The configuration feed for local assignment",
            description = "The tenant's active and paused experiments with every configuration version of the "
                    + "current phase that can still have live assignments (the current one, and any whose successor "
                    + "began less than the assignment TTL ago): layout as assignment.md defines it, and models. "
                    + "Send the ETag back in If-None-Match to get 304 while nothing changed. Any role.",
            parameters = @Parameter(name = "If-None-Match", in = ParameterIn.HEADER, required = false,
                    description = "The ETag of the feed the client holds", schema = @Schema(type = "string",
                    maxLength = 200)))
    @ApiResponse(responseCode = "200", description = "The feed; ETag is its revision in quotes",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SdkConfig.class)))
    @ApiResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    SdkConfig config(@AuthenticationPrincipal ApiKeyPrincipal key, WebRequest request, HttpServletResponse response) {
        SdkConfig config = feed.config(key.tenantId());
        response.setHeader("Cache-Control", "private, no-cache");
        if (request.checkNotModified("\"" + config.revision() + "\"")) {
            return null;
        }
        return config;
    }
}
