package dev.verdict.reliability;

import dev.verdict.support.ApiTest;

/** Retention on PostgreSQL. */
@ApiTest
class RetentionApiTest extends RetentionContract {
}
