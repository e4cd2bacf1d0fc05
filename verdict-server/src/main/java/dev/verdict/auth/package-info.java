/** Tenants, API keys (HMAC digests, lookup cache), roles, the security configuration and the admin command line. */
package dev.verdict.auth;
