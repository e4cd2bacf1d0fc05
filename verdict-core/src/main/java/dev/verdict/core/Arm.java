package dev.verdict.core;

import java.math.BigDecimal;

/** A challenger arm of a bucket layout: its variant name (the challenger model's key) and its traffic percentage. */
public record Arm(String variant, BigDecimal pct) {
}
