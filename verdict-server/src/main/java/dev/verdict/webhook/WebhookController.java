package dev.verdict.webhook;

import dev.verdict.auth.ApiKeyPrincipal;
import dev.verdict.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/webhooks}: subscriptions and their deliveries (admin only). */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Signed event delivery (admin only). Verdict-Signature: t=<unix seconds>,"
        + "v1=<hex HMAC-SHA256 of \"t.rawBody\" keyed with the subscription secret>")
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping
    @Operation(operationId = "createWebhook",
            summary = "Subscribe a URL to events; the answer holds the signing secret (whsec_…), shown only once")
    @ApiResponse(responseCode = "201", description = "Subscribed; Location names the new subscription")
    ResponseEntity<CreatedWebhook> create(@AuthenticationPrincipal ApiKeyPrincipal key,
                                          @Valid @RequestBody WebhookRequest request) {
        CreatedWebhook created = webhooks.create(key.tenantId(), key.actor(), request);
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(operationId = "listWebhooks", summary = "List subscriptions, newest first (never the secret)")
    PageResponse<WebhookView> list(@AuthenticationPrincipal ApiKeyPrincipal key,
                                   @RequestParam(required = false) String limit,
                                   @RequestParam(required = false) String cursor) {
        return webhooks.list(key.tenantId(), limit, cursor);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getWebhook", summary = "One subscription (never the secret)")
    WebhookView get(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id) {
        return webhooks.get(key.tenantId(), id);
    }

    @PutMapping("/{id}")
    @Operation(operationId = "updateWebhook",
            summary = "Change url, description, eventTypes or active; active=true re-enables a disabled endpoint")
    WebhookView update(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id,
                       @Valid @RequestBody WebhookRequest request) {
        return webhooks.update(key.tenantId(), key.actor(), id, request);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Delete a subscription and its delivery log")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id) {
        webhooks.delete(key.tenantId(), key.actor(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries",
            summary = "Deliveries, newest first: state, attempts with status codes, next retry")
    PageResponse<DeliveryView> deliveries(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id,
                                          @RequestParam(required = false) String limit,
                                          @RequestParam(required = false) String cursor) {
        return webhooks.deliveries(key.tenantId(), id, limit, cursor);
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @Operation(operationId = "redeliverWebhookDelivery",
            summary = "Send one delivery again (same event id and body, new signature)")
    @ApiResponse(responseCode = "202", description = "Accepted for another attempt: the delivery")
    ResponseEntity<DeliveryView> redeliver(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String id,
                                           @PathVariable String deliveryId) {
        return ResponseEntity.accepted().body(webhooks.redeliver(key.tenantId(), key.actor(), id, deliveryId));
    }
}
