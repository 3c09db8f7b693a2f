package dev.lepton.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(10), Duration.ofMinutes(1));

    @Test
    void the_wait_doubles_with_each_failure_up_to_the_cap() {
        assertThat(List.of(1, 2, 3, 4, 5).stream().map(policy::delayAfter)).containsExactly(
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    @Test
    void a_huge_failure_count_stays_at_the_cap_without_overflow() {
        assertThat(policy.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.delayAfter(0)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void a_zero_backoff_retries_at_once() {
        assertThat(new RetryPolicy(1, Duration.ZERO, Duration.ZERO).delayAfter(3)).isZero();
    }

    @Test
    void a_policy_refuses_negative_retries_and_a_backoff_above_its_cap() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(-1), Duration.ofMinutes(1)))
                .hasMessageContaining("backoff");
    }

    @Test
    void the_default_policy_does_not_retry() {
        assertThat(RetryPolicy.DEFAULT.maxRetries()).isZero();
    }
}
