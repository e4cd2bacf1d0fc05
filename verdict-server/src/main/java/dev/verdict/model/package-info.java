/** The algorithm-model registry that experiments reference as champions and challengers. */
package dev.verdict.model;
