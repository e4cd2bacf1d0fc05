package dev.verdict.results;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.verdict.assignment.AssignmentService;
import dev.verdict.core.BucketLayout;
import dev.verdict.assignment.DailyUnitCount;
import dev.verdict.experiment.Experiment;
import dev.verdict.experiment.ExperimentService;
import dev.verdict.experiment.ExperimentSnapshot;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import dev.verdict.common.DomainException;
import dev.verdict.stats.SampleSize;
import dev.verdict.stats.SampleSizes;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Sample size and duration for a planned experiment, by the same formula /results uses. */
@Service
public class PowerCalculator {

    private static final double[] SENSITIVITY = {0.01, 0.02, 0.05, 0.10};

    /** The request; rates and effects as fractions (0.05 = 5%). */
    public record Request(
            @Schema(example = "0.05", description = "0.001-0.999", requiredMode = REQUIRED)
            BigDecimal baselineConversionRate,
            @Schema(example = "0.01", description = "> 0; absolute difference or relative to the baseline",
                    requiredMode = REQUIRED) BigDecimal minimumDetectableEffect,
            @Schema(example = "absolute", allowableValues = {"absolute", "relative"}, defaultValue = "absolute")
            String mdeType,
            @Schema(example = "0.05", description = "0.01-0.20", defaultValue = "0.05") BigDecimal significanceLevel,
            @Schema(example = "0.8", description = "0.5-0.99", defaultValue = "0.8") BigDecimal power,
            @Schema(example = "0.5", description = "Treatment share 0.1-0.9", defaultValue = "0.5")
            BigDecimal trafficSplit,
            @Schema(example = "2000", description = "Customers per day; default: the experiment's own arrivals "
                    + "when experimentId is given, else the tenant's average daily new assignments over the last "
                    + "14 UTC days, today included") BigDecimal dailyTraffic,
            @Schema(example = "exp_01JD3Q8W5T0000000000000000", maxLength = 64, description = "Plan for this "
                    + "experiment: its "
                    + "champion and challenger arms' own average daily new customers (current phase, last 14 UTC "
                    + "days) give the split and the duration") String experimentId,
            @Schema(example = "bayesian-v1", maxLength = 255, description = "With experimentId: the challenger's "
                    + "variant (model "
                    + "key); default its first challenger") String challenger) { }

    /** Customers per arm. */
    public record PerVariant(long treatment, long control) { }

    /** How long the experiment needs at the given traffic. */
    public record EstimatedDuration(@Nullable Long days, double basedOnDailyTraffic) { }

    /** One row of the sensitivity table. */
    public record Sensitivity(double effect, @Nullable Long sampleSize, @Nullable Long days) { }

    /** The answer. */
    public record Answer(long requiredSampleSize, PerVariant perVariant, EstimatedDuration estimatedDuration,
                         String recommendation, List<Sensitivity> sensitivityTable) { }

    private static final int ARRIVAL_DAYS = 14;

    private final AssignmentService assignments;
    private final ExperimentService experiments;
    private final Clock clock;

    PowerCalculator(AssignmentService assignments, ExperimentService experiments, Clock clock) {
        this.assignments = assignments;
        this.experiments = experiments;
        this.clock = clock;
    }

    /** An experiment's arms' average daily new units (current phase, last 14 UTC days), treatment and control. */
    private record Arrivals(double treatment, double control) { }

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
        Arrivals arrivals = r.experimentId() == null ? null : arrivals(tenantId, r.experimentId(), r.challenger());
        double split = arrivals != null && r.trafficSplit() == null && arrivals.treatment() > 0
                && arrivals.control() > 0 ? arrivals.treatment() / (arrivals.treatment() + arrivals.control())
                : range("trafficSplit", r.trafficSplit(), 0.5, 0.1, 0.9);
        double daily;
        if (r.dailyTraffic() != null) {
            daily = r.dailyTraffic().doubleValue();
            if (!(daily > 0) || daily > 1e12) {
                throw DomainException.validation("dailyTraffic", "must be greater than 0");
            }
            arrivals = null;
        } else if (arrivals != null) {
            daily = arrivals.treatment() + arrivals.control();
        } else {
            daily = assignments.dailyAverage(tenantId, ARRIVAL_DAYS);
        }
        double ratio = split / (1 - split);
        double absolute = relative ? baseline * effect : effect;
        SampleSize size = SampleSizes.twoProportions(baseline, absolute, alpha, power, ratio);
        if (size.treatment() == null) {
            throw DomainException.invalid("IMPOSSIBLE_EFFECT", "baseline " + baseline + " + effect " + absolute
                    + " is outside (0, 1): no sample size can detect it (" + size.reason() + ")");
        }
        long total = size.treatment() + size.control();
        Long days = arrivals != null ? days(size, arrivals) : days(total, daily);
        List<Sensitivity> table = new ArrayList<>();
        for (double e : SENSITIVITY) {
            SampleSize s = SampleSizes.twoProportions(baseline, relative ? baseline * e : e, alpha, power, ratio);
            Long n = s.treatment() == null ? null : s.treatment() + s.control();
            table.add(new Sensitivity(e, n, n == null ? null : arrivals != null ? days(s, arrivals) : days(n, daily)));
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

    /** Days until both arms have their customers, each at its own arrival rate. */
    private static Long days(SampleSize size, Arrivals arrivals) {
        Long treatment = days(size.treatment(), arrivals.treatment());
        Long control = days(size.control(), arrivals.control());
        return treatment == null || control == null ? null : Math.max(treatment, control);
    }

    private Arrivals arrivals(String tenantId, String experimentId, String challenger) {
        if (experimentId.length() > 64) {
            throw DomainException.validation("experimentId", "must be at most 64 characters");
        }
        if (challenger != null && challenger.length() > 255) {
            throw DomainException.validation("challenger", "must be at most 255 characters");
        }
        ExperimentSnapshot snapshot = experiments.snapshot(tenantId, experimentId);
        Experiment e = snapshot.experiment();
        String treatment = challenger;
        if (treatment == null) {
            treatment = e.challengers().isEmpty() ? null
                    : snapshot.variantOfModel(e.challengers().get(0).modelId());
            if (treatment == null) {
                throw DomainException.invalid("NO_CHALLENGER", "Experiment " + experimentId
                        + " has no challenger to plan for");
            }
        } else if (!snapshot.variants().containsKey(treatment) || treatment.startsWith("__")) {
            throw DomainException.validation("challenger", "is not a challenger variant of experiment "
                    + experimentId);
        }
        LocalDate first = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(ARRIVAL_DAYS - 1L);
        long t = 0;
        long c = 0;
        for (DailyUnitCount d : assignments.dailyCounts(tenantId, experimentId, e.phase())) {
            if (!d.day().isBefore(first)) {
                if (d.variant().equals(treatment)) {
                    t += d.customers();
                } else if (d.variant().equals(BucketLayout.CHAMPION)) {
                    c += d.customers();
                }
            }
        }
        return new Arrivals(t / (double) ARRIVAL_DAYS, c / (double) ARRIVAL_DAYS);
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
