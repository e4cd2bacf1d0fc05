/** Experiments: the aggregate that guards its split and lifecycle, its storage, cache and HTTP API. */
package dev.verdict.experiment;
