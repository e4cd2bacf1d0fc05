/** Turns the assignment and outcome counters into the /results document and answers the power calculator. */
package dev.verdict.results;
