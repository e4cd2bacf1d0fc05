/** The pure bucket hash and layout, sticky assignment of customers to variants, its batch form and its counters. */
package dev.verdict.assignment;
