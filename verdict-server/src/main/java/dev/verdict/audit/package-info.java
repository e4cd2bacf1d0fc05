/** The append-only, SHA-256 hash-chained audit log of configuration changes and promotions, and its verification. */
package dev.verdict.audit;
