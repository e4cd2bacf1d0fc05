package dev.verdict.outcome;

import dev.verdict.support.H2ApiTest;

/** {@link OutcomeRecordingContract} on the embedded H2 default. */
@H2ApiTest
class OutcomeH2ApiTest extends OutcomeRecordingContract {
}
