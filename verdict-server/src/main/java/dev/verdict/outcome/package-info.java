/** Outcome recording against assignments: idempotency, first-per-customer detection and striped counters. */
package dev.verdict.outcome;
