/** HTTP edge: the error envelope, request limits, request ids, pagination cursors; the only place that knows status codes. */
package dev.verdict.web;
