package dev.verdict.results;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.verdict.auth.ApiKeyPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/experiments/power-calculator} (any role). */
@RestController
@Tag(name = "Results")
class PowerCalculatorController {

    private final PowerCalculator calculator;

    PowerCalculatorController(PowerCalculator calculator) {
        this.calculator = calculator;
    }

    @PostMapping("/api/v1/experiments/power-calculator")
    @Operation(operationId = "calculatePower", summary = "Sample size and expected duration of an experiment design")
    PowerCalculator.Answer calculate(@AuthenticationPrincipal ApiKeyPrincipal key,
                                     @RequestBody PowerCalculator.Request request) {
        return calculator.calculate(key.tenantId(), request);
    }
}
