package dev.verdict.outcome;

import dev.verdict.support.ApiTest;

/** {@link OutcomeRecordingContract} on PostgreSQL. */
@ApiTest
class OutcomeApiTest extends OutcomeRecordingContract {
}
