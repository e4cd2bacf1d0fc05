package dev.verdict.stats;

/** Trials needed per arm; both null when {@code reason} says why. */
public record SampleSize(Long treatment, Long control, String reason) {

    static SampleSize unavailable(String reason) {
        return new SampleSize(null, null, reason);
    }
}
