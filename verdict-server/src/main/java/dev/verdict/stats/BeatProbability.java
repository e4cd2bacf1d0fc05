package dev.verdict.stats;

/** P(pT &gt; pC) under independent uniform-prior Beta posteriors; null when {@code reason} says why. */
public record BeatProbability(Double probability, String reason) {
}
