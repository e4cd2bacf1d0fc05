/** The Java client library: local assignment from the configuration feed, server fallback, exposure reporting. */
package dev.verdict.client;
