package dev.verdict.common;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The write pipeline's settings (ADR 003), read by {@link GroupCommits} alone: features ask it for a writer and never
 * see these numbers.
 *
 * @param maxBatch       most writes one group commit carries
 * @param committers     committer threads for single assignments and single outcomes
 * @param bulkCommitters committer threads for the batch endpoints
 * @param targetBatch    a committer holding fewer requests than this may wait (at most {@code linger}) for more
 * @param linger         the longest such wait; {@code targetBatch} 1 or {@code linger} 0 turns waiting off
 */
@ConfigurationProperties("verdict.write")
public record WriteProperties(@DefaultValue("256") int maxBatch, @DefaultValue("1") int committers,
                              @DefaultValue("2") int bulkCommitters, @DefaultValue("8") int targetBatch,
                              @DefaultValue("2ms") Duration linger) {

    public WriteProperties {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("verdict.write.max-batch must be at least 1");
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("verdict.write.linger must not be negative");
        }
    }
}
