/**
 * The promotion rule as a pure function of evidence: shared by the results document (what would be decided now)
 * and the promotion job (what is decided), so neither has to call the other.
 */
package dev.verdict.decision;
