package dev.verdict.results;

import io.swagger.v3.oas.annotations.tags.Tag;
import dev.verdict.auth.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/experiments/{id}/results}: uplift analysis and significance. */
@RestController
@Tag(name = "Results", description = "Statistics of an experiment: per-arm rates, comparisons and decisions")
class ResultsController {

    private final ResultsService results;
    private final TimeseriesService timeseries;

    ResultsController(ResultsService results, TimeseriesService timeseries) {
        this.results = results;
        this.timeseries = timeseries;
    }

    @GetMapping("/api/v1/experiments/{experimentId}/results")
    @Operation(operationId = "getResults",
            summary = "Results of a phase: rates, stratified comparisons, decisions")
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

    @Operation(operationId = "getResultsTimeseries", summary = "Results of a phase day by day",
            description = "Per UTC day of the phase (from the day it began to today; an ended phase to its last day "
                    + "with data), per arm: new units, cumulative units, cumulative converted units and rate; per "
                    + "challenger the cumulative uplift against the champion stratified by configuration version "
                    + "with its fixed-horizon interval at `confidence` (from `minSamples` units per arm on, not "
                    + "Holm-adjusted) and the always-valid interval and sequential p-value as running extremes over "
                    + "the daily looks; and the days on which configuration versions began. Any role.")
    @GetMapping("/api/v1/experiments/{experimentId}/results/timeseries")
    ExperimentTimeseries timeseries(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable String experimentId,
                                    @RequestParam(required = false) String outcome,
                                    @RequestParam(required = false) String confidence,
                                    @RequestParam(required = false) String minSamples,
                                    @RequestParam(required = false) String phase) {
        return timeseries.timeseries(key.tenantId(), experimentId,
                ResultsQuery.parse(outcome, confidence, null, null, null, minSamples, phase));
    }
}
