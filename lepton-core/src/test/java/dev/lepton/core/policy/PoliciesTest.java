package dev.lepton.core.policy;

import static dev.lepton.core.policy.Fixtures.at;
import static dev.lepton.core.policy.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    private static List<String> ordered(SchedulingPolicy policy, Instant now, Candidate... candidates) {
        List<Candidate> list = new ArrayList<>(List.of(candidates));
        list.sort(policy.order(now));
        return list.stream().map(Candidate::id).toList();
    }

    @Test
    void every_documented_name_gives_a_policy_and_tiresias_is_las() {
        for (String name : Policies.NAMES) {
            assertThat(Policies.named(name).name()).as(name).isEqualTo(name.equals("tiresias") ? "las" : name);
        }
        assertThat(Policies.named("tiresias").name()).isEqualTo("las");
        assertThat(Policies.named("FIFO").name()).isEqualTo("fifo");
    }

    @Test
    void an_unknown_name_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> Policies.named("lottery"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown policy 'lottery'")
                .hasMessageContaining("fifo, priority, backfill, sjf, srtf, srsf, las, tiresias, default");
    }

    @Test
    void fifo_orders_by_submission_alone_and_never_preempts() {
        SchedulingPolicy fifo = Policies.named("fifo");
        assertThat(ordered(fifo, at(100), job("b", 1, 20, 10).withPriority(9), job("a", 1, 10, 99)))
                .containsExactly("a", "b");
        assertThat(fifo.preemptive()).isFalse();
        assertThat(fifo.backfill()).isEqualTo(Backfill.NONE);
    }

    @Test
    void priority_puts_higher_priority_first_and_preempts_only_lower_priority() {
        SchedulingPolicy priority = Policies.named("priority");
        Candidate high = job("high", 1, 20, 10).withPriority(5);
        Candidate low = job("low", 1, 10, 10);
        assertThat(ordered(priority, at(100), low, high)).containsExactly("high", "low");
        assertThat(priority.mayPreempt(high, low, at(100))).isTrue();
        assertThat(priority.mayPreempt(low, high, at(100))).isFalse();
        assertThat(priority.mayPreempt(high, high.withPriority(5), at(100))).isFalse();
    }

    @Test
    void srsf_weighs_remaining_time_by_gpus_so_a_short_wide_gang_waits_behind_a_longer_narrow_job() {
        Candidate wide = job("wide", 8, 0, 50);
        Candidate narrow = job("narrow", 1, 0, 100);
        SchedulingPolicy srsf = Policies.named("srsf");
        List<Candidate> order = new ArrayList<>(List.of(wide, narrow));
        order.sort(srsf.order(at(0)));

        assertThat(order).extracting(Candidate::id).containsExactly("narrow", "wide");
        assertThat(srsf.mayPreempt(narrow, wide, at(0))).as("100 GPU-s left against 400").isTrue();
        assertThat(srsf.mayPreempt(wide, narrow, at(0))).isFalse();
        assertThat(Policies.named("srtf").mayPreempt(wide, narrow, at(0))).as("srtf counts time alone").isTrue();
    }

    @Test
    void sjf_and_srtf_put_the_shortest_remaining_first_and_only_srtf_preempts() {
        Candidate longer = job("long", 1, 0, 500);
        Candidate shorter = job("short", 1, 50, 100);
        assertThat(ordered(Policies.named("sjf"), at(100), longer, shorter)).containsExactly("short", "long");
        assertThat(Policies.named("sjf").preemptive()).isFalse();
        SchedulingPolicy srtf = Policies.named("srtf");
        assertThat(srtf.mayPreempt(shorter, longer, at(100))).isTrue();
        assertThat(srtf.mayPreempt(longer, shorter, at(100))).isFalse();
    }

    @Test
    void las_moves_a_job_down_one_queue_per_threshold_of_gpu_seconds() {
        var las = new LeastAttainedService("las", new LasConfig(List.of(100.0, 1000.0), 0, Duration.ZERO, Duration.ZERO));
        Candidate fresh = job("fresh", 2, 0, 10_000);
        assertThat(las.queueOf(fresh, at(0))).isZero();
        assertThat(las.queueOf(fresh.withAttained(99), at(0))).isZero();
        assertThat(las.queueOf(fresh.withAttained(100), at(0))).isEqualTo(1);
        assertThat(las.queueOf(fresh.withAttained(1000), at(0))).isEqualTo(2);
        // Running on 2 GPUs from t=0: 100 GPU-seconds are reached at t=50.
        Candidate running = fresh.runningOn(List.of(new dev.lepton.core.placement.Assignment(0, "n1", List.of(0, 1))), at(0));
        assertThat(las.queueOf(running, at(49))).isZero();
        assertThat(las.queueOf(running, at(50))).isEqualTo(1);
        assertThat(las.nextReorder(running, at(10))).contains(at(50));
    }

    @Test
    void las_serves_lower_queues_first_then_first_submitted_and_preempts_only_lower_queues() {
        SchedulingPolicy las = Policies.las(new LasConfig(List.of(100.0), 0, Duration.ZERO, Duration.ZERO));
        Candidate veteran = job("veteran", 1, 0, 1000).withAttained(500);
        Candidate early = job("early", 1, 10, 1000);
        Candidate late = job("late", 1, 20, 1000);
        assertThat(ordered(las, at(30), veteran, late, early)).containsExactly("early", "late", "veteran");
        assertThat(las.mayPreempt(late, veteran, at(30))).isTrue();
        assertThat(las.mayPreempt(late, early, at(30))).isFalse();
        assertThat(las.mayPreempt(veteran, late, at(30))).isFalse();
    }

    @Test
    void tiresias_defaults_are_two_queues_split_at_16_gpu_hours_with_no_starvation_guard() {
        assertThat(LasConfig.TIRESIAS.thresholdsGpuSeconds()).containsExactly(16 * 3600.0);
        assertThat(LasConfig.TIRESIAS.promoteKnob()).isZero();
        assertThat(((LeastAttainedService) Policies.named("las")).config()).isEqualTo(LasConfig.TIRESIAS);
        assertThat(((LeastAttainedService) Policies.named("default")).config()).isEqualTo(Policies.DEFAULT_CONFIG);
    }

    @Test
    void the_starvation_guard_promotes_a_job_that_waited_as_long_as_it_ran() {
        var las = new LeastAttainedService("las", new LasConfig(List.of(100.0), 1, Duration.ofSeconds(10), Duration.ZERO));
        // Ran 200 s on 1 GPU (queue 1), waiting since t=1000.
        Candidate preempted = job("p", 1, 0, 1000).withAttained(200).waitingSince(at(1000));
        assertThat(las.queueOf(preempted, at(1199))).isEqualTo(1);
        assertThat(las.queueOf(preempted, at(1200))).isZero();
        assertThat(las.nextReorder(preempted, at(1000))).contains(at(1200));
        assertThat(las.waitingOrderChangesWithTime()).isTrue();
    }

    @Test
    void the_default_promotes_a_preempted_job_once_it_has_waited_16_times_as_long_as_it_ran_and_at_least_8_hours() {
        var defaults = (LeastAttainedService) Policies.named("default");
        // 2 h on 32 GPUs: 64 GPU-hours, the middle queue; promoted after 32 h of waiting.
        Candidate ranTwoHours = job("long", 32, 0, 100_000).withAttained(64 * 3600.0).waitingSince(at(1000));
        assertThat(defaults.queueOf(ranTwoHours, at(1000 + 32 * 3600 - 1))).isEqualTo(1);
        assertThat(defaults.queueOf(ranTwoHours, at(1000 + 32 * 3600))).isZero();
        // 10 minutes on 128 GPUs: 16 times that is under the 8-hour floor.
        Candidate ranTenMinutes = job("wide", 128, 0, 100_000).withAttained(128 * 600.0).waitingSince(at(1000));
        assertThat(defaults.queueOf(ranTenMinutes, at(1000 + 8 * 3600 - 1))).isEqualTo(1);
        assertThat(defaults.queueOf(ranTenMinutes, at(1000 + 8 * 3600))).isZero();
    }

    @Test
    void las_thresholds_must_ascend() {
        assertThatThrownBy(() -> new LasConfig(List.of(100.0, 50.0), 0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("ascending");
        assertThat(Policies.named("fifo").nextReorder(job("a", 1, 0, 1), at(0))).isEqualTo(Optional.empty());
    }
}
