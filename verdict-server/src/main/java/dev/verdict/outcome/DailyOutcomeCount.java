package dev.verdict.outcome;

import java.time.LocalDate;

/** One stratum's counters of an outcome on one UTC day (converted customers on the day of their first outcome). */
public record DailyOutcomeCount(LocalDate day, OutcomeCount counts) { }
