/** Promotion: the pure decision policy, manual and scheduled promotion in one transaction each, and their history. */
package dev.verdict.promotion;
