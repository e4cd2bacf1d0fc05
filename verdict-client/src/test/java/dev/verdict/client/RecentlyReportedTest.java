package dev.verdict.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentlyReportedTest {

    @Test
    void remembersACustomerOnlyForTheSameExperimentPhaseAndVariant() {
        RecentlyReported recent = new RecentlyReported(1024);
        recent.remember("exp-1", 1, "cust", "v");
        int h = "exp-1".hashCode();
        assertThat(recent.contains("exp-1", h, 1, "cust", "v")).isTrue();
        assertThat(recent.contains("exp-1", h, 1, new String("cust"), "v")).as("equal, not identical").isTrue();
        assertThat(recent.contains("exp-1", h, 2, "cust", "v")).as("another phase").isFalse();
        assertThat(recent.contains("exp-1", h, 1, "cust", "w")).as("another variant").isFalse();
        assertThat(recent.contains("exp-1", h, 1, "other", "v")).isFalse();
        assertThat(recent.contains("exp-2", "exp-2".hashCode(), 1, "cust", "v")).isFalse();
    }

    @Test
    void isBoundedSoACollidingCustomerReplacesTheEarlierOne() {
        RecentlyReported recent = new RecentlyReported(1);
        recent.remember("e", 1, "a", "v");
        recent.remember("e", 1, "b", "v");
        assertThat(recent.contains("e", "e".hashCode(), 1, "b", "v")).isTrue();
        assertThat(recent.contains("e", "e".hashCode(), 1, "a", "v")).as("forgotten: merely reported again").isFalse();
    }
}
