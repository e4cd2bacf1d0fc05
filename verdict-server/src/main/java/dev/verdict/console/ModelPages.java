package dev.verdict.console;

import dev.verdict.auth.ConsoleUser;
import dev.verdict.model.ModelRequest;
import dev.verdict.model.ModelService;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The algorithm models: list, create, edit, delete. */
@Controller
class ModelPages {

    static final String[] TYPES = {"scorecard", "bayesian", "logistic_regression", "gradient_boosted",
        "thompson_bandit", "epsilon_greedy", "neural_cf", "online_learner", "external_endpoint"};
    static final String[] STATUSES = {"draft", "active", "paused", "archived"};

    private final ModelService models;

    ModelPages(ModelService models) {
        this.models = models;
    }

    @GetMapping("/console/models")
    String list(@AuthenticationPrincipal ConsoleUser user, Model model) {
        model.addAttribute("models", models.list(user.tenantId(), null, null, "100", null).data());
        return "console/models";
    }

    @GetMapping("/console/models/new")
    String newForm(Model model) {
        model.addAttribute("types", TYPES);
        model.addAttribute("statuses", STATUSES);
        return "console/model-form";
    }

    @PostMapping("/console/models")
    String create(@AuthenticationPrincipal ConsoleUser user, @RequestParam String key, @RequestParam String name,
                  @RequestParam String modelType, @RequestParam(required = false) String description) {
        models.create(user.tenantId(), user.actor(), new ModelRequest(key, name, Forms.blankToNull(description),
                modelType, null, null, null, null, null, null));
        return "redirect:/console/models";
    }

    @GetMapping("/console/models/{id}/edit")
    String editForm(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model) {
        model.addAttribute("model", models.get(user.tenantId(), id));
        model.addAttribute("types", TYPES);
        model.addAttribute("statuses", STATUSES);
        return "console/model-form";
    }

    @PostMapping("/console/models/{id}")
    String update(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @RequestParam String name,
                  @RequestParam(required = false) String description, @RequestParam(required = false) String status) {
        models.update(user.tenantId(), user.actor(), id, new ModelRequest(null, name,
                description == null ? null : description, null, Forms.blankToNull(status), null, null, null, null,
                null));
        return "redirect:/console/models";
    }

    @PostMapping("/console/models/{id}/delete")
    String delete(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id) {
        models.delete(user.tenantId(), user.actor(), id);
        return "redirect:/console/models";
    }
}
