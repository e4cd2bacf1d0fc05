/**
 * The web console: page controllers, their view models and the error pages; templates live under
 * {@code templates/console}. It calls the same services as the API and computes no statistics of its own.
 */
package dev.verdict.console;
