package dev.verdict.reliability;

import dev.verdict.support.H2ApiTest;

/** Retention on the embedded default, H2. */
@H2ApiTest
class RetentionH2ApiTest extends RetentionContract {
}
