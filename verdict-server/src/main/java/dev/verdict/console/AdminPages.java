package dev.verdict.console;

import dev.verdict.audit.AuditReader;
import dev.verdict.auth.ApiKeyService;
import dev.verdict.auth.ConsoleUser;
import dev.verdict.auth.Role;
import dev.verdict.auth.UserService;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Admin pages: API keys (the new key shown once), console users, and the audit log with its verification. */
@Controller
class AdminPages {

    private final ApiKeyService keys;
    private final UserService users;
    private final AuditReader audit;

    AdminPages(ApiKeyService keys, UserService users, AuditReader audit) {
        this.keys = keys;
        this.users = users;
        this.audit = audit;
    }

    @GetMapping("/console/keys")
    String keys(@AuthenticationPrincipal ConsoleUser user, Model model) {
        model.addAttribute("keys", keys.list(user.tenantId(), "100", null).data());
        return "console/keys";
    }

    @PostMapping("/console/keys")
    String createKey(@AuthenticationPrincipal ConsoleUser user, @RequestParam String name, @RequestParam String role,
                     Model model) {
        ApiKeyService.CreatedKey created = keys.create(user.tenantId(), name, Role.fromWire(role), user.actor());
        // Rendered in this response only, never put in the session or a redirect.
        model.addAttribute("created", created);
        return keys(user, model);
    }

    @PostMapping("/console/keys/{id}/revoke")
    String revoke(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id) {
        keys.revoke(user.tenantId(), id, user.actor());
        return "redirect:/console/keys";
    }

    @GetMapping("/console/users")
    String users(@AuthenticationPrincipal ConsoleUser user, Model model) {
        model.addAttribute("users", users.list(user.tenantId()));
        return "console/users";
    }

    @PostMapping("/console/users")
    String createUser(@AuthenticationPrincipal ConsoleUser user, @RequestParam String username,
                      @RequestParam String role, Model model) {
        model.addAttribute("created", users.create(user.tenantId(), username, Role.fromWire(role), null,
                user.actor()));
        return users(user, model);
    }

    @PostMapping("/console/users/{id}/delete")
    String deleteUser(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id) {
        users.delete(user.tenantId(), id, user.actor());
        return "redirect:/console/users";
    }

    @GetMapping("/console/audit")
    String audit(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String cursor,
                 Model model) {
        model.addAttribute("page", audit.list(user.tenantId(), null, null, "50", Forms.blankToNull(cursor)));
        return "console/audit";
    }

    @PostMapping("/console/audit/verify")
    String verify(@AuthenticationPrincipal ConsoleUser user, Model model) {
        model.addAttribute("verification", audit.verify(user.tenantId()));
        return audit(user, null, model);
    }
}
