package dev.verdict.console;

import dev.verdict.auth.ConsoleUser;
import dev.verdict.results.PowerCalculator;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** Login, the landing redirect, the refusal page and the power calculator. */
@Controller
class ConsoleController {

    private static final double[] MDES = {0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05};

    private final PowerCalculator power;
    private final JsonMapper json;

    ConsoleController(PowerCalculator power, JsonMapper json) {
        this.power = power;
        this.json = json;
    }

    @GetMapping("/console/login")
    String login() {
        return "console/login";
    }

    @GetMapping({"/console", "/console/"})
    String home() {
        return "redirect:/console/experiments";
    }

    /** Any method: a refused POST is forwarded here as a POST. */
    @RequestMapping("/console/forbidden")
    String forbidden(HttpServletResponse response, Model model) {
        return ConsoleErrors.page(response, model, 403, "Your role may not do this.");
    }

    /** One point of the sample-size curve: customers per arm at an absolute MDE. */
    record CurvePoint(double mde, long perArm) { }

    @GetMapping("/console/power")
    String power(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String baseline,
                 @RequestParam(required = false) String mde, @RequestParam(required = false) String alpha,
                 @RequestParam(required = false) String powerLevel,
                 @RequestParam(required = false) String dailyTraffic, Model model) {
        model.addAttribute("baseline", baseline == null ? "0.05" : baseline);
        model.addAttribute("mde", mde == null ? "0.01" : mde);
        model.addAttribute("alpha", alpha == null ? "0.05" : alpha);
        model.addAttribute("powerLevel", powerLevel == null ? "0.8" : powerLevel);
        model.addAttribute("dailyTraffic", dailyTraffic == null ? "" : dailyTraffic);
        if (baseline != null) {
            PowerCalculator.Answer answer = power.calculate(user.tenantId(), request(baseline, mde, alpha, powerLevel,
                    dailyTraffic, Forms.decimal("minimumDetectableEffect", mde)));
            List<CurvePoint> curve = new ArrayList<>();
            for (double m : MDES) {
                PowerCalculator.Answer a = power.calculate(user.tenantId(), request(baseline, mde, alpha,
                        powerLevel, dailyTraffic, BigDecimal.valueOf(m)));
                curve.add(new CurvePoint(m, a.perVariant().treatment()));
            }
            model.addAttribute("answer", answer);
            model.addAttribute("curve", curve);
            model.addAttribute("curveJson", json.writeValueAsString(curve));
        }
        return "console/power";
    }

    private static PowerCalculator.Request request(String baseline, String mde, String alpha, String powerLevel,
                                                   String dailyTraffic, BigDecimal effect) {
        return new PowerCalculator.Request(Forms.decimal("baselineConversionRate", baseline), effect, "absolute",
                Forms.decimal("significanceLevel", alpha), Forms.decimal("power", powerLevel), null,
                Forms.decimal("dailyTraffic", Forms.blankToNull(dailyTraffic)), null, null);
    }
}
