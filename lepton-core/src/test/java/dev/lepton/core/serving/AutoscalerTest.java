package dev.lepton.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The autoscaler on simulated time: a sample every two seconds, as the gateway takes them. */
class AutoscalerTest {
    private static final Duration TICK = Duration.ofSeconds(2);

    /** Drives the autoscaler as the server does: one decision per sample, its replicas taken as they are decided. */
    private static final class Deployment {
        private final ScalingPolicy policy;
        private Autoscaler.Memory memory = Autoscaler.Memory.EMPTY;
        private Instant now = Instant.parse("2026-12-04T12:00:00Z");
        private int replicas;
        private ScaleDecision last;
        /** The reason of each decision that changed the replicas, in order. */
        private final List<String> changes = new ArrayList<>();

        Deployment(ScalingPolicy policy, int replicas) {
            this.policy = policy;
            this.replicas = replicas;
        }

        /** {@code concurrency} in flight for {@code how long}; answers the replicas at the end. */
        int load(double concurrency, Duration howLong) {
            return sample(concurrency, concurrency * 10, 0, howLong);
        }

        int sample(double concurrency, double rps, int held, Duration howLong) {
            for (long t = 0; t < howLong.toMillis(); t += TICK.toMillis()) {
                now = now.plus(TICK);
                last = Autoscaler.decide(policy, memory, new LoadSample(now, concurrency, rps, held), replicas);
                memory = last.memory();
                if (last.replicas() != replicas) {
                    changes.add(last.reason());
                }
                replicas = last.replicas();
            }
            return replicas;
        }
    }

    @Test
    void a_steady_load_gets_the_replicas_that_carry_it_at_the_target() {
        Deployment d = new Deployment(ScalingPolicy.of(1, 10, ScalingMetric.CONCURRENCY, 2), 1);

        assertThat(d.load(7.5, Duration.ofMinutes(2))).isEqualTo(4);
        assertThat(d.last.reason()).isEqualTo("7.50 requests in flight over 60s against 2 per replica: 4 replicas kept");
    }

    @Test
    void requests_per_second_scale_the_same_way() {
        Deployment d = new Deployment(ScalingPolicy.of(1, 10, ScalingMetric.RPS, 25), 1);

        assertThat(d.sample(1, 110, 0, Duration.ofMinutes(2))).isEqualTo(5);
    }

    @Test
    void a_rise_must_last_the_scale_up_delay_before_replicas_are_added() {
        Deployment d = new Deployment(ScalingPolicy.of(1, 10, ScalingMetric.CONCURRENCY, 1)
                .withWindow(Duration.ofSeconds(10)).withDelays(Duration.ofSeconds(30), Duration.ofMinutes(5)), 1);
        d.load(0.5, Duration.ofMinutes(1));

        assertThat(d.load(1.8, Duration.ofSeconds(20))).as("20s into a rise that needs 2").isEqualTo(1);
        assertThat(d.load(1.8, Duration.ofSeconds(20))).as("40s into it").isEqualTo(2);
    }

    @Test
    void a_fall_must_last_the_scale_down_delay_and_a_brief_dip_changes_nothing() {
        Deployment d = new Deployment(ScalingPolicy.of(1, 10, ScalingMetric.CONCURRENCY, 1).withWindow(Duration.ofSeconds(10)), 1);
        assertThat(d.load(6, Duration.ofMinutes(6))).isEqualTo(6);

        assertThat(d.load(0.2, Duration.ofMinutes(1))).as("a dip of a minute").isEqualTo(6);
        assertThat(d.load(6, Duration.ofMinutes(1))).isEqualTo(6);
        assertThat(d.load(2.5, Duration.ofMinutes(4))).as("4 of the 5 minutes").isEqualTo(6);
        assertThat(d.load(2.5, Duration.ofSeconds(80))).as("the whole 5 minutes, and the window's 10s").isEqualTo(3);
        assertThat(d.changes.getLast()).isEqualTo("2.50 requests in flight over 10s against 1 per replica for PT5M: 3 replicas");
    }

    @Test
    void a_burst_of_twice_what_the_replicas_carry_is_met_at_once_despite_the_delay() {
        Deployment d = new Deployment(ScalingPolicy.of(1, 20, ScalingMetric.CONCURRENCY, 1).withDelays(Duration.ofMinutes(1), Duration.ofMinutes(5)), 2);
        d.load(1.5, Duration.ofMinutes(2));

        assertThat(d.load(9, TICK)).as("the first sample of it, averaged over the 6s burst window").isEqualTo(4);
        assertThat(d.last.reason()).isEqualTo("burst: 4.00 requests in flight over 6s against 1 per replica: 4 replicas at once");
        assertThat(d.load(9, Duration.ofSeconds(4))).as("6s into a burst, well within the minute's scale-up delay").isEqualTo(9);
    }

    @Test
    void replicas_a_burst_added_stay_while_the_load_lasts_however_short_the_scale_down_delay_is_against_the_window() {
        // Seen in the stepped-load run: the burst went to 4, and the next pass took the window's average (mostly the quiet
        // minute before) as what had been recommended, so the scale-down rule went back to 2 at once.
        Deployment d = new Deployment(ScalingPolicy.of(1, 4, ScalingMetric.CONCURRENCY, 2).withDelays(Duration.ofSeconds(4),
                Duration.ofSeconds(30)), 1);
        d.load(1, Duration.ofSeconds(60));

        d.load(20, Duration.ofSeconds(30));

        assertThat(d.changes).hasSize(1).first().asString().startsWith("burst:");
        assertThat(d.replicas).isEqualTo(4);
    }

    @Test
    void a_stepped_load_is_followed_up_at_once_and_down_within_the_window_and_the_scale_down_delay() {
        // bench/autoscale-steps.sh's setting on simulated time: 1, then 20, then 1 request in flight.
        Deployment d = new Deployment(ScalingPolicy.of(1, 4, ScalingMetric.CONCURRENCY, 2).withDelays(Duration.ofSeconds(4),
                Duration.ofSeconds(30)), 1);
        d.load(1, Duration.ofSeconds(60));
        assertThat(d.load(20, Duration.ofSeconds(4))).as("a burst: at once").isEqualTo(4);
        d.load(20, Duration.ofSeconds(56));

        assertThat(d.load(1, Duration.ofSeconds(30))).as("the window still remembers the load").isEqualTo(4);
        assertThat(d.load(1, Duration.ofSeconds(60))).as("window (60 s) and scale-down delay (30 s) passed").isEqualTo(1);
    }

    @Test
    void a_deployment_that_may_scale_to_zero_does_so_after_its_idle_timeout_and_not_before() {
        Deployment d = new Deployment(ScalingPolicy.of(0, 4, ScalingMetric.CONCURRENCY, 1).withIdleTimeout(Duration.ofMinutes(10)), 1);
        d.load(1, Duration.ofMinutes(1));

        assertThat(d.load(0, Duration.ofMinutes(9))).isEqualTo(1);
        assertThat(d.load(0, Duration.ofMinutes(1))).isZero();
        assertThat(d.last.reason()).isEqualTo("no request for PT10M: scaled to zero");
        assertThat(d.load(0, Duration.ofMinutes(30))).as("and stays there while nothing asks").isZero();
    }

    @Test
    void an_idle_timeout_shorter_than_the_window_scales_to_zero_once_and_does_not_start_again_on_the_window_s_old_load() {
        // Seen live: the window's average still held the last requests, so each pass after going to zero recommended 1 again.
        Deployment d = new Deployment(ScalingPolicy.of(0, 1, ScalingMetric.CONCURRENCY, 8).withIdleTimeout(Duration.ofSeconds(10)), 1);
        d.load(0.5, Duration.ofSeconds(4));

        assertThat(d.load(0, Duration.ofSeconds(60))).isZero();
        assertThat(d.changes).containsExactly("no request for PT10S: scaled to zero");
    }

    @Test
    void a_deployment_with_a_minimum_never_goes_below_it_however_idle() {
        Deployment d = new Deployment(ScalingPolicy.of(2, 4, ScalingMetric.CONCURRENCY, 1).withIdleTimeout(Duration.ofMinutes(1)), 2);

        assertThat(d.load(0, Duration.ofHours(1))).isEqualTo(2);
    }

    @Test
    void requests_held_with_no_replica_start_one_at_once() {
        Deployment d = new Deployment(ScalingPolicy.of(0, 4, ScalingMetric.CONCURRENCY, 1).withDelays(Duration.ofMinutes(1), Duration.ofMinutes(5)), 0);
        d.load(0, Duration.ofMinutes(30));

        assertThat(d.sample(0, 0, 3, TICK)).isEqualTo(1);
        assertThat(d.last.reason()).isEqualTo("3 requests held with no replica: starting 1");
    }

    @Test
    void replicas_stay_within_the_policy_s_bounds_even_when_it_changes_under_them() {
        assertThat(new Deployment(ScalingPolicy.of(1, 3, ScalingMetric.CONCURRENCY, 1), 1).load(50, Duration.ofMinutes(1))).isEqualTo(3);
        assertThat(new Deployment(ScalingPolicy.of(1, 3, ScalingMetric.CONCURRENCY, 1), 8).load(2, TICK)).isEqualTo(3);
        assertThat(new Deployment(ScalingPolicy.of(2, 3, ScalingMetric.CONCURRENCY, 1), 0).load(0, TICK)).isEqualTo(2);
    }

    @Test
    void a_fixed_deployment_keeps_its_replicas_whatever_the_load() {
        Deployment d = new Deployment(ScalingPolicy.fixed(3), 3);

        assertThat(d.load(40, Duration.ofMinutes(2))).isEqualTo(3);
        assertThat(d.load(0, Duration.ofHours(1))).isEqualTo(3);
    }

    @Test
    void what_is_remembered_stays_bounded_by_the_window_and_the_delays() {
        Deployment d = new Deployment(ScalingPolicy.of(1, 10, ScalingMetric.CONCURRENCY, 1), 1);
        d.load(3, Duration.ofHours(2));

        assertThat(d.memory.samples()).hasSizeLessThanOrEqualTo(30);
        assertThat(d.memory.recommendations()).hasSizeLessThanOrEqualTo(151);
    }

    @Test
    void a_window_of_a_few_seconds_measures_bursts_over_a_tenth_of_it() {
        Deployment d = new Deployment(ScalingPolicy.of(1, 10, ScalingMetric.CONCURRENCY, 1).withWindow(Duration.ofSeconds(5)), 1);

        assertThat(d.load(6, TICK)).isEqualTo(6);
        assertThat(d.last.reason()).isEqualTo("burst: 6.00 requests in flight over 500ms against 1 per replica: 6 replicas at once");
    }

    @Test
    void a_policy_that_cannot_work_is_refused_naming_its_field() {
        assertThatThrownBy(() -> ScalingPolicy.of(3, 2, ScalingMetric.CONCURRENCY, 1))
                .hasMessage("replicas.max: must be at least 1 and at least replicas.min 3 (got 2)");
        assertThatThrownBy(() -> ScalingPolicy.of(-1, 2, ScalingMetric.CONCURRENCY, 1)).hasMessage("replicas.min: must be 0 or more (got -1)");
        assertThatThrownBy(() -> ScalingPolicy.of(0, 2, ScalingMetric.RPS, 0)).hasMessage("scaling.target: must be a number above 0 (got 0.0)");
        assertThatThrownBy(() -> ScalingPolicy.of(0, 2, ScalingMetric.RPS, 1).withDelays(Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessage("scaling.scaleUpDelay: must not be negative (got PT-1S)");
    }
}
