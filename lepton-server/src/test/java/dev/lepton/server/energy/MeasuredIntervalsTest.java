package dev.lepton.server.energy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import dev.lepton.server.scheduler.RunningWorker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Executors' running totals turned into each interval's joules: measured or modelled, on the meter's node or another, and once after an end. */
class MeasuredIntervalsTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final String HERE = "vm";
    private static final RunningWorker A = worker("job-a", "cn-7");
    private static final RunningWorker B = worker("job-b", "cn-7");
    private static final RunningWorker LOCAL = worker("job-local", HERE);
    private static final String PLUGIN = "slurm:acct_gather_energy/ipmi";

    private static RunningWorker worker(String job, String node) {
        return new RunningWorker(new AttemptId(job, 1, 0), "ml", job, "default", node, new Resources(1_000, 1L << 30, 0), List.of());
    }

    private static WorkerEnergy slurm(double joules) {
        return new WorkerEnergy(joules, PLUGIN);
    }

    private static WorkerEnergy model(double joules) {
        return WorkerEnergy.modelled(joules, "model:tdp-table");
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void the_baseline_is_not_an_interval_and_each_later_figure_gives_what_was_drawn_since() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(A.attempt(), slurm(100)), List.of(A), HERE);

        assertThat(intervals.next(Map.of(A.attempt(), slurm(130)), List.of(A), HERE, at(2)).running()).isEqualTo(Map.of(A.attempt(), slurm(30)));
        assertThat(intervals.next(Map.of(A.attempt(), slurm(175)), List.of(A), HERE, at(4)).running()).isEqualTo(Map.of(A.attempt(), slurm(45)));
    }

    @Test
    void a_worker_first_given_a_figure_later_brings_all_it_drew_and_one_never_given_one_is_left_to_the_model() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(), List.of(), HERE);

        assertThat(intervals.next(Map.of(A.attempt(), slurm(80)), List.of(A, B), HERE, at(2)).running()).isEqualTo(Map.of(A.attempt(), slurm(80)));
    }

    @Test
    void an_interval_without_a_figure_gives_none_and_the_next_figure_brings_it_so_nothing_is_lost_or_modelled_too() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(A.attempt(), slurm(100)), List.of(A), HERE);

        assertThat(intervals.next(Map.of(), List.of(A), HERE, at(2)).running()).isEqualTo(Map.of(A.attempt(), slurm(0)));
        assertThat(intervals.next(Map.of(A.attempt(), slurm(160)), List.of(A), HERE, at(4)).running()).isEqualTo(Map.of(A.attempt(), slurm(60)));
    }

    @Test
    void a_count_that_went_down_starts_again() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(A.attempt(), slurm(100)), List.of(A), HERE);

        assertThat(intervals.next(Map.of(A.attempt(), slurm(20)), List.of(A), HERE, at(2)).running()).isEqualTo(Map.of(A.attempt(), slurm(20)));
    }

    @Test
    void a_modelled_figure_counts_on_another_node_but_not_on_the_meters_own_which_it_models_itself() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(), List.of(), HERE);

        MeasuredIntervals.Interval interval = intervals.next(Map.of(A.attempt(), model(50), LOCAL.attempt(), model(70)), List.of(A, LOCAL), HERE, at(2));

        assertThat(interval.running()).isEqualTo(Map.of(A.attempt(), model(50)));
    }

    @Test
    void the_figure_an_executor_settles_after_a_workers_end_brings_what_came_after_its_last_sample_once() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(A.attempt(), slurm(100)), List.of(A), HERE);
        intervals.next(Map.of(A.attempt(), slurm(300)), List.of(A), HERE, at(2));

        assertThat(intervals.next(Map.of(), List.of(), HERE, at(4))).isEqualTo(new MeasuredIntervals.Interval(Map.of(), Map.of()));
        assertThat(intervals.next(Map.of(A.attempt(), slurm(450)), List.of(), HERE, at(6)).ended()).as("sacct's figure, 150 J past the last sample")
                .isEqualTo(Map.of(A, slurm(150)));
        assertThat(intervals.next(Map.of(A.attempt(), slurm(450)), List.of(), HERE, at(8)).ended()).as("once").isEmpty();
    }

    @Test
    void a_modelled_rest_after_the_end_is_marked_modelled_and_a_worker_gone_too_long_is_forgotten() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(), List.of(A, B), HERE);
        intervals.next(Map.of(A.attempt(), slurm(300), B.attempt(), slurm(10)), List.of(A, B), HERE, at(2));
        intervals.next(Map.of(), List.of(), HERE, at(4));

        assertThat(intervals.next(Map.of(A.attempt(), model(320)), List.of(), HERE, at(6)).ended()).isEqualTo(Map.of(A, model(20)));
        Instant late = at(6).plus(MeasuredIntervals.ENDED_KEPT).plusSeconds(1);
        assertThat(intervals.next(Map.of(B.attempt(), slurm(20)), List.of(), HERE, late).ended()).isEmpty();
    }

    @Test
    void a_worker_on_the_meters_own_node_that_had_no_figure_while_it_ran_was_modelled_by_the_meter_so_a_figure_after_its_end_is_left_out() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(), List.of(LOCAL, A), HERE);
        intervals.next(Map.of(), List.of(LOCAL, A), HERE, at(2));
        intervals.next(Map.of(), List.of(), HERE, at(4));

        assertThat(intervals.next(Map.of(LOCAL.attempt(), slurm(900), A.attempt(), slurm(500)), List.of(), HERE, at(6)).ended())
                .as("a worker elsewhere that nobody metered gets all of its figure").isEqualTo(Map.of(A, slurm(500)));
    }
}
