/** Small shared vocabulary: domain exceptions, identifiers and time formatting used by every feature. */
package dev.verdict.common;
