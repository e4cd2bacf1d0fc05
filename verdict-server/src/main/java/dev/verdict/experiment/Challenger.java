package dev.verdict.experiment;

import java.math.BigDecimal;

/** A challenger model and its share of the experiment's (non-holdout) traffic, in percent. */
public record Challenger(String modelId, BigDecimal trafficPct) { }
