package dev.verdict.assignment;

/** Customers assigned to a variant under one configuration version. */
public record AssignmentCount(int configVersion, String variant, long customers) { }
