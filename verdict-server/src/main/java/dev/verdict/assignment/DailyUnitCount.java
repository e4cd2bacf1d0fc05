package dev.verdict.assignment;

import java.time.LocalDate;

/** New units and first crossovers of one stratum on one UTC day. */
public record DailyUnitCount(LocalDate day, int configVersion, String variant, long customers, long crossovers) { }
