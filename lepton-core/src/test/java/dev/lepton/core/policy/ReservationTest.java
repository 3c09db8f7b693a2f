package dev.lepton.core.policy;

import static dev.lepton.core.policy.Fixtures.at;
import static dev.lepton.core.policy.Fixtures.job;
import static dev.lepton.core.policy.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.policy.Fixtures.Cluster;
import dev.lepton.core.resource.Resources;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EASY's promise to the head, on its own: when it starts, who may start before, and what it says. */
class ReservationTest {
    private final Cluster cluster = new Cluster().nodes(1, 8);
    private final Instant now = at(100);

    /** 2 GPUs free now, 4 more at t+100 (busy ends): the 5-GPU head is promised t+100 with 1 GPU extra. */
    private Reservation forFiveGpuHead() {
        Candidate busy = running(job("busy", 4, 0, 200), cluster, "n1", 0);
        Candidate forever = running(job("forever", 2, 0, 100_000), cluster, "n1", 0);
        return Reservation.forHead(job("head", 5, 10, 500), gpus(2), List.of(busy, forever), now).orElseThrow();
    }

    @Test
    void a_job_may_start_before_the_head_if_it_ends_by_the_shadow_time_or_fits_in_the_extra_gpus() {
        Reservation reservation = forFiveGpuHead();

        assertThat(reservation.head()).isEqualTo("head");
        assertThat(reservation.allows(job("short", 2, 20, 100), now)).isTrue();
        assertThat(reservation.allows(job("long-but-small", 1, 20, 5_000), now)).isTrue();
        assertThat(reservation.allows(job("long", 2, 20, 5_000), now)).isFalse();
    }

    @Test
    void a_long_job_that_starts_uses_up_extra_gpus_and_the_refusal_says_how_many_are_left() {
        Reservation reservation = forFiveGpuHead();
        assertThat(reservation.describe()).isEqualTo("would delay the reservation of head (starts in 100 s; 1 GPUs to spare)");

        reservation.started(job("short", 1, 20, 50), now);   // ends before the shadow time: extra unchanged
        assertThat(reservation.describe()).isEqualTo("would delay the reservation of head (starts in 100 s; 1 GPUs to spare)");

        reservation.started(job("long-but-small", 1, 20, 5_000), now);
        assertThat(reservation.describe()).isEqualTo("would delay the reservation of head (starts in 100 s; 0 GPUs to spare)");
        assertThat(reservation.allows(job("another-long", 1, 30, 5_000), now)).isFalse();
    }

    @Test
    void no_promise_can_be_made_while_a_running_job_s_end_is_unknown() {
        Candidate unknown = running(Candidate.waiting("unknown", new Resources(0, 0, 8), 1, at(0)),
                cluster, "n1", 0);

        assertThat(Reservation.forHead(job("head", 4, 10, 500), gpus(0), List.of(unknown), now)).isEmpty();
    }

    @Test
    void cpu_and_memory_count_as_gpus_do_for_a_head_that_needs_them() {
        // 1 of 4 CPUs free; busy (2 CPUs) ends at t+100, forever (1 CPU) never: the 3-CPU head is promised t+100, with
        // 0 CPUs and 5 + 2 - 3 = 4 GiB of memory to spare.
        Resources oneCpu = new Resources(1_000, 1L << 30, 0);
        Candidate busy = Candidate.waiting("busy", oneCpu.times(2), 1, at(0)).withRemaining(java.time.Duration.ofSeconds(200))
                .runningOn(List.of(new dev.lepton.core.placement.Assignment(0, "n1", List.of())), at(0));
        Candidate forever = Candidate.waiting("forever", oneCpu, 1, at(0)).withRemaining(java.time.Duration.ofSeconds(100_000))
                .runningOn(List.of(new dev.lepton.core.placement.Assignment(0, "n1", List.of())), at(0));
        Reservation reservation = Reservation.forHead(Candidate.waiting("head", oneCpu.times(3), 1, at(10)), new Resources(1_000, 5L << 30, 0),
                List.of(busy, forever), now).orElseThrow();

        assertThat(reservation.shadowSeconds()).isEqualTo(100);
        assertThat(reservation.allows(Candidate.waiting("short", oneCpu, 1, at(20)).withRemaining(java.time.Duration.ofSeconds(60)), now)).isTrue();
        assertThat(reservation.allows(Candidate.waiting("long", oneCpu, 1, at(20)).withRemaining(java.time.Duration.ofSeconds(600)), now))
                .as("it would hold the CPU the head is promised").isFalse();
        assertThat(reservation.describe()).isEqualTo("would delay the reservation of head (starts in 100 s; cpu=0 memory=4GiB to spare)");
    }

    private static Resources gpus(int count) {
        return new Resources(0, 0, count);
    }
}
