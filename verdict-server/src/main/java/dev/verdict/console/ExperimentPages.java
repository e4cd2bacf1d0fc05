package dev.verdict.console;

import dev.verdict.auth.ConsoleUser;
import dev.verdict.common.DomainException;
import dev.verdict.experiment.ExperimentRequest;
import dev.verdict.experiment.ExperimentService;
import dev.verdict.experiment.ExperimentView;
import dev.verdict.model.ModelService;
import dev.verdict.model.ModelView;
import dev.verdict.promotion.PromotionRecord;
import dev.verdict.promotion.PromotionService;
import dev.verdict.results.ExperimentResults;
import dev.verdict.results.ExperimentTimeseries;
import dev.verdict.results.ResultsQuery;
import dev.verdict.results.ResultsService;
import dev.verdict.results.TimeseriesService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** The experiments list, the experiment page with its results, and the forms that change an experiment. */
@Controller
class ExperimentPages {

    private final ExperimentService experiments;
    private final ModelService models;
    private final ResultsService results;
    private final TimeseriesService timeseries;
    private final PromotionService promotions;
    private final JsonMapper json;
    private final Clock clock;

    ExperimentPages(ExperimentService experiments, ModelService models, ResultsService results,
                    TimeseriesService timeseries, PromotionService promotions, JsonMapper json, Clock clock) {
        this.experiments = experiments;
        this.models = models;
        this.results = results;
        this.timeseries = timeseries;
        this.promotions = promotions;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/console/experiments")
    String list(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String status,
                @RequestParam(required = false) String q, Model model) {
        String filter = Forms.blankToNull(status);
        String search = Forms.blankToNull(q);
        Instant now = clock.instant();
        List<ExperimentRow> rows = new ArrayList<>();
        String cursor = null;
        do {
            var page = experiments.list(user.tenantId(), filter, "100", cursor);
            for (ExperimentView e : page.data()) {
                if (search == null || e.key().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT))) {
                    rows.add(ExperimentRow.of(e, results.results(user.tenantId(), e.id(), defaults()), now));
                }
            }
            cursor = page.pagination().cursor();
        } while (cursor != null && rows.size() < 200);
        model.addAttribute("rows", rows);
        model.addAttribute("status", filter == null ? "" : filter);
        model.addAttribute("q", search == null ? "" : search);
        return "console/experiments";
    }

    @GetMapping("/console/experiments/new")
    String newForm(@AuthenticationPrincipal ConsoleUser user, Model model) {
        model.addAttribute("models", allModels(user));
        return "console/experiment-new";
    }

    @PostMapping("/console/experiments")
    String create(@AuthenticationPrincipal ConsoleUser user, @RequestParam String key, @RequestParam String name,
                  @RequestParam String championModelId, @RequestParam(required = false) List<String> challengerModelId,
                  @RequestParam(required = false) List<String> challengerPct, @RequestParam String championPct,
                  @RequestParam(required = false) String holdoutPercent, @RequestParam(required = false) String status,
                  @RequestParam(required = false) String autoPromote,
                  @RequestParam(required = false) String promoteThreshold,
                  @RequestParam(required = false) String promoteAfterDays) {
        ExperimentView created = experiments.create(user.tenantId(), user.actor(), new ExperimentRequest(key, name,
                null, Forms.blankToNull(status), championModelId,
                new ExperimentRequest.TrafficSplit(Forms.decimal("championPct", championPct)),
                challengers(challengerModelId, challengerPct), Forms.decimal("holdoutPercent", holdoutPercent),
                autoPromote != null, Forms.decimal("promoteThreshold", promoteThreshold),
                Forms.integer("promoteAfterDays", promoteAfterDays), null));
        return "redirect:/console/experiments/" + created.id();
    }

    @GetMapping("/console/experiments/{id}")
    String page(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
                @RequestParam(required = false) String phase, Model model) {
        ExperimentView e = experiments.get(user.tenantId(), id);
        ResultsQuery query = ResultsQuery.parse(null, null, null, null, null, null, phase);
        ExperimentResults r = results.results(user.tenantId(), id, query);
        ExperimentTimeseries ts = timeseries.timeseries(user.tenantId(), id, query);
        List<PromotionRecord> history = promotions.list(user.tenantId(), id, "100", null).data();
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("timeseries", ts);
        chart.put("comparisons", r.comparisons() == null ? List.of() : r.comparisons());
        chart.put("threshold", e.promoteThreshold());
        model.addAttribute("experiment", e);
        model.addAttribute("results", r);
        model.addAttribute("timeseries", ts);
        model.addAttribute("health", Health.of(r, query.minSamples()));
        model.addAttribute("history", history);
        model.addAttribute("chartJson", json.writeValueAsString(chart));
        model.addAttribute("phases", phases(e.phase()));
        model.addAttribute("verdict", ExperimentRow.verdict(r));
        return "console/experiment";
    }

    @PostMapping("/console/experiments/{id}/status")
    String status(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @RequestParam String status) {
        experiments.update(user.tenantId(), user.actor(), id, new ExperimentRequest(null, null, null, status, null,
                null, null, null, null, null, null, null));
        return "redirect:/console/experiments/" + id;
    }

    @GetMapping("/console/experiments/{id}/split")
    String splitForm(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model) {
        model.addAttribute("experiment", experiments.get(user.tenantId(), id));
        return "console/split";
    }

    @PostMapping("/console/experiments/{id}/split")
    String split(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @RequestParam String championPct,
                 @RequestParam(required = false) List<String> challengerModelId,
                 @RequestParam(required = false) List<String> challengerPct) {
        experiments.update(user.tenantId(), user.actor(), id, new ExperimentRequest(null, null, null, null, null,
                new ExperimentRequest.TrafficSplit(Forms.decimal("championPct", championPct)),
                challengers(challengerModelId, challengerPct), null, null, null, null, null));
        return "redirect:/console/experiments/" + id;
    }

    @GetMapping("/console/experiments/{id}/promote")
    String promoteForm(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
                       @RequestParam(required = false) String modelId, Model model) {
        ExperimentView e = experiments.get(user.tenantId(), id);
        model.addAttribute("experiment", e);
        if (modelId != null) {
            ExperimentView.ChallengerView chosen = e.challengers().stream().filter(c -> c.modelId().equals(modelId))
                    .findFirst().orElseThrow(() -> DomainException.invalid("NOT_A_CHALLENGER",
                            "Model " + modelId + " is not a challenger of this experiment"));
            ExperimentResults r = results.results(user.tenantId(), id, defaults());
            String variant = chosen.model() == null ? null : chosen.model().key();
            model.addAttribute("chosen", chosen);
            model.addAttribute("comparison", r.comparisons() == null ? null : r.comparisons().stream()
                    .filter(c -> c.treatment().equals(variant)).findFirst().orElse(null));
            model.addAttribute("verdict", r.promotion() == null || r.promotion().verdicts() == null ? null
                    : r.promotion().verdicts().stream().filter(v -> modelId.equals(v.modelId())).findFirst()
                    .orElse(null));
            model.addAttribute("srm", r.srm());
        }
        return "console/promote";
    }

    @PostMapping("/console/experiments/{id}/promote")
    String promote(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @RequestParam String modelId,
                   @RequestParam(required = false) String reason) {
        promotions.promote(user.tenantId(), id, modelId, Forms.blankToNull(reason), user.actor());
        return "redirect:/console/experiments/" + id;
    }

    @PostMapping("/console/experiments/{id}/delete")
    String delete(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id) {
        experiments.delete(user.tenantId(), user.actor(), id);
        return "redirect:/console/experiments";
    }

    private List<ModelView> allModels(ConsoleUser user) {
        return models.list(user.tenantId(), null, null, "100", null).data();
    }

    private static ResultsQuery defaults() {
        return ResultsQuery.parse(null, null, null, null, null, null, null);
    }

    private static List<Integer> phases(int current) {
        List<Integer> out = new ArrayList<>();
        for (int p = current; p >= 1; p--) {
            out.add(p);
        }
        return out;
    }

    private static List<ExperimentRequest.ChallengerRequest> challengers(List<String> ids, List<String> pcts) {
        List<ExperimentRequest.ChallengerRequest> out = new ArrayList<>();
        if (ids == null) {
            return out;
        }
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null || ids.get(i).isBlank()) {
                continue;
            }
            String pct = pcts != null && i < pcts.size() ? pcts.get(i) : null;
            out.add(new ExperimentRequest.ChallengerRequest(ids.get(i),
                    Forms.decimal("challengers[" + i + "].trafficPct", pct)));
        }
        return out;
    }
}
