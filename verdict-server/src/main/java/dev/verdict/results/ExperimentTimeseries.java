package dev.verdict.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The /results/timeseries document: a phase day by day (UTC), from the day it began to today (an ended phase: to
 * its last day with data). Counts are cumulative through the end of each day; comparisons are stratified by
 * configuration version exactly as in /results, on the cumulative counts of each day.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExperimentTimeseries(String experimentId, String experimentKey, int phase, int currentPhase,
                                   String outcome, double confidence, double promoteThreshold,
                                   double sequentialAlpha, List<String> days, List<ArmSeries> arms,
                                   List<ComparisonSeries> comparisons, List<VersionMarker> versionMarkers) {

    /** One arm, one point per day of {@code days}. */
    public record ArmSeries(String variant, List<ArmDay> points) { }

    /**
     * An arm on one day: units first assigned that day, and through that day the units, the units that converted
     * and their ratio (null while there are no units).
     */
    public record ArmDay(String day, long newUnits, long cumulativeUnits, long cumulativeConversions,
                         @Nullable Double cumulativeRate) { }

    /** A challenger against the champion, one point per day. */
    public record ComparisonSeries(String treatment, String control, List<ComparisonDay> points) { }

    /**
     * Through one day: the stratified uplift (pT − pC, CMH weights over configuration versions) and its
     * fixed-horizon score interval at {@code confidence} (null until both arms have {@code minSamples} units; not
     * Holm-adjusted); the always-valid interval and sequential p-value as running extremes over the daily looks
     * (null until the sequential test is ready), to compare with {@code sequentialAlpha}.
     */
    public record ComparisonDay(String day, long treatmentUnits, long controlUnits, @Nullable Double uplift,
                                @Nullable Double ciLower, @Nullable Double ciUpper, @Nullable Double alwaysValidLower,
                                @Nullable Double alwaysValidUpper, @Nullable Double sequentialPValue) { }

    /** The day a configuration version of the phase began (version 1: the phase's start). */
    public record VersionMarker(int configVersion, String day) { }
}
