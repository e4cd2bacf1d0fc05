/**
 * Pure-Java statistics for comparing a champion with its challengers from conversion counts: intervals, tests,
 * stratified (per configuration version) and always-valid sequential comparisons,
 * Bayesian comparison, sample sizes and sample-ratio checks, with no Spring, no JDBC and no NaN in any result.
 */
package dev.verdict.stats;
