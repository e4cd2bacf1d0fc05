/** The configuration feed client libraries evaluate assignments from locally. */
package dev.verdict.sdk;
