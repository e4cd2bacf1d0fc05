package dev.verdict.results;

import dev.verdict.auth.ApiKeyPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/experiments/power-calculator} (any role). */
@RestController
class PowerCalculatorController {

    private final PowerCalculator calculator;

    PowerCalculatorController(PowerCalculator calculator) {
        this.calculator = calculator;
    }

    @PostMapping("/api/v1/experiments/power-calculator")
    PowerCalculator.Answer calculate(@AuthenticationPrincipal ApiKeyPrincipal key,
                                     @RequestBody PowerCalculator.Request request) {
        return calculator.calculate(key.tenantId(), request);
    }
}
