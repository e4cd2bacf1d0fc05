package dev.verdict.results;

import dev.verdict.auth.ApiKeyPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/experiments/{id}/results}: uplift analysis and significance. */
@RestController
class ResultsController {

    private final ResultsService results;

    ResultsController(ResultsService results) {
        this.results = results;
    }

    @GetMapping("/api/v1/experiments/{experimentId}/results")
    ExperimentResults results(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String experimentId,
                              @RequestParam(required = false) String outcome,
                              @RequestParam(required = false) String confidence,
                              @RequestParam(required = false) String mde,
                              @RequestParam(required = false) String baselineRate,
                              @RequestParam(required = false) String power,
                              @RequestParam(required = false) String minSamples,
                              @RequestParam(required = false) String phase) {
        return results.results(key.tenantId(), experimentId,
                ResultsQuery.parse(outcome, confidence, mde, baselineRate, power, minSamples, phase));
    }
}
