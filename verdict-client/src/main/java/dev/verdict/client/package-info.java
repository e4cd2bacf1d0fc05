/**
 * The Java client library: {@link dev.verdict.client.VerdictClient} assigns locally from the configuration feed where
 * the answer is provably the server's, asks the server for customers in moved buckets, and reports local assignments
 * as exposures.
 */
package dev.verdict.client;
