package dev.lepton.server.energy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.energy.MeasuredEnergy;
import dev.lepton.core.execution.AttemptId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeasuredIntervalsTest {
    private static final AttemptId A = new AttemptId("job-a", 1, 0);
    private static final AttemptId B = new AttemptId("job-b", 1, 0);

    private static MeasuredEnergy slurm(double joules) {
        return new MeasuredEnergy(joules, MeasuredEnergy.SLURM);
    }

    @Test
    void the_baseline_is_not_an_interval_and_each_later_figure_gives_what_was_drawn_since() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(A, slurm(100)));

        assertThat(intervals.next(Map.of(A, slurm(130)), Set.of(A))).isEqualTo(Map.of(A, 30.0));
        assertThat(intervals.next(Map.of(A, slurm(175)), Set.of(A))).isEqualTo(Map.of(A, 45.0));
    }

    @Test
    void a_worker_first_measured_later_brings_all_it_drew_and_one_never_measured_is_left_to_the_model() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of());

        assertThat(intervals.next(Map.of(A, slurm(80)), Set.of(A, B))).isEqualTo(Map.of(A, 80.0));
    }

    @Test
    void an_interval_without_a_figure_gives_none_and_the_next_figure_brings_it_so_nothing_is_lost_or_modelled_too() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(A, slurm(100)));

        assertThat(intervals.next(Map.of(), Set.of(A))).isEqualTo(Map.of(A, 0.0));
        assertThat(intervals.next(Map.of(A, slurm(160)), Set.of(A))).isEqualTo(Map.of(A, 60.0));
    }

    @Test
    void a_count_that_went_down_starts_again_and_a_worker_that_stopped_is_forgotten() {
        MeasuredIntervals intervals = new MeasuredIntervals();
        intervals.baseline(Map.of(A, slurm(100)));

        assertThat(intervals.next(Map.of(A, slurm(20)), Set.of(A))).isEqualTo(Map.of(A, 20.0));
        assertThat(intervals.next(Map.of(), Set.of())).isEmpty();
        assertThat(intervals.next(Map.of(A, slurm(50)), Set.of(A))).as("back as new: all it drew").isEqualTo(Map.of(A, 50.0));
    }
}
