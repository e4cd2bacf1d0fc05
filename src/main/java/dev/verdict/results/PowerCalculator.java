package dev.verdict.results;

import dev.verdict.assignment.AssignmentService;
import dev.verdict.common.DomainException;
import dev.verdict.stats.SampleSize;
import dev.verdict.stats.SampleSizes;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** Sample size and duration for a planned experiment, by the same formula /results uses. */
@Service
public class PowerCalculator {

    private static final double[] SENSITIVITY = {0.01, 0.02, 0.05, 0.10};

    /** The request; rates and effects as fractions (0.05 = 5%). */
    public record Request(
            @Schema(example = "0.05", description = "0.001-0.999") BigDecimal baselineConversionRate,
            @Schema(example = "0.01", description = "> 0; absolute difference or relative to the baseline")
            BigDecimal minimumDetectableEffect,
            @Schema(example = "absolute", allowableValues = {"absolute", "relative"}, defaultValue = "absolute")
            String mdeType,
            @Schema(example = "0.05", description = "0.01-0.20", defaultValue = "0.05") BigDecimal significanceLevel,
            @Schema(example = "0.8", description = "0.5-0.99", defaultValue = "0.8") BigDecimal power,
            @Schema(example = "0.5", description = "Treatment share 0.1-0.9", defaultValue = "0.5")
            BigDecimal trafficSplit,
            @Schema(example = "2000", description = "Customers per day; default: the tenant's average daily new "
                    + "assignments over the last 14 UTC days, today included") BigDecimal dailyTraffic) { }

    /** Customers per arm. */
    public record PerVariant(long treatment, long control) { }

    /** How long the experiment needs at the given traffic. */
    public record EstimatedDuration(Long days, double basedOnDailyTraffic) { }

    /** One row of the sensitivity table. */
    public record Sensitivity(double effect, Long sampleSize, Long days) { }

    /** The answer. */
    public record Answer(long requiredSampleSize, PerVariant perVariant, EstimatedDuration estimatedDuration,
                         String recommendation, List<Sensitivity> sensitivityTable) { }

    private final AssignmentService assignments;

    PowerCalculator(AssignmentService assignments) {
        this.assignments = assignments;
    }

    public Answer calculate(String tenantId, Request r) {
        double baseline = range("baselineConversionRate", r.baselineConversionRate(), null, 0.001, 0.999);
        if (r.minimumDetectableEffect() == null) {
            throw DomainException.validation("minimumDetectableEffect", "is required");
        }
        double effect = r.minimumDetectableEffect().doubleValue();
        if (!(effect > 0) || effect > 1e6) {
            throw DomainException.validation("minimumDetectableEffect", "must be greater than 0");
        }
        String mdeType = r.mdeType() == null ? "absolute" : r.mdeType();
        if (!mdeType.equals("absolute") && !mdeType.equals("relative")) {
            throw DomainException.validation("mdeType", "must be absolute or relative");
        }
        boolean relative = mdeType.equals("relative");
        double alpha = range("significanceLevel", r.significanceLevel(), 0.05, 0.01, 0.20);
        double power = range("power", r.power(), 0.8, 0.5, 0.99);
        double split = range("trafficSplit", r.trafficSplit(), 0.5, 0.1, 0.9);
        double daily;
        if (r.dailyTraffic() != null) {
            daily = r.dailyTraffic().doubleValue();
            if (!(daily > 0) || daily > 1e12) {
                throw DomainException.validation("dailyTraffic", "must be greater than 0");
            }
        } else {
            daily = assignments.dailyAverage(tenantId, 14);
        }
        double ratio = split / (1 - split);
        double absolute = relative ? baseline * effect : effect;
        SampleSize size = SampleSizes.twoProportions(baseline, absolute, alpha, power, ratio);
        if (size.treatment() == null) {
            throw DomainException.invalid("IMPOSSIBLE_EFFECT", "baseline " + baseline + " + effect " + absolute
                    + " is outside (0, 1): no sample size can detect it (" + size.reason() + ")");
        }
        long total = size.treatment() + size.control();
        Long days = days(total, daily);
        List<Sensitivity> table = new ArrayList<>();
        for (double e : SENSITIVITY) {
            SampleSize s = SampleSizes.twoProportions(baseline, relative ? baseline * e : e, alpha, power, ratio);
            Long n = s.treatment() == null ? null : s.treatment() + s.control();
            table.add(new Sensitivity(e, n, n == null ? null : days(n, daily)));
        }
        String recommendation = days == null
                ? "Run until " + total + " customers are assigned (" + size.treatment() + " treatment, "
                + size.control() + " control); there is no recent traffic to estimate the duration from."
                : days <= 28
                ? "Plan about " + days + " day" + (days == 1 ? "" : "s") + " to reach " + total
                + " customers; run full weeks to cover weekly cycles."
                : "At this traffic the experiment needs about " + days + " days; consider a larger effect, more "
                + "traffic or a 50/50 split.";
        return new Answer(total, new PerVariant(size.treatment(), size.control()), new EstimatedDuration(days, daily),
                recommendation, table);
    }

    private static Long days(long customers, double daily) {
        return daily > 0 ? (long) Math.ceil(customers / daily) : null;
    }

    private static double range(String field, BigDecimal value, Double fallback, double min, double max) {
        if (value == null) {
            if (fallback == null) {
                throw DomainException.validation(field, "is required");
            }
            return fallback;
        }
        double v = value.doubleValue();
        if (!(v >= min && v <= max)) {
            throw DomainException.validation(field, "must be from " + min + " to " + max);
        }
        return v;
    }
}
