package dev.lepton.serving.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.inference.DataType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which waiting requests run together, and when: a function of the queue and the time alone. */
class BatchPlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final BatchPolicy EIGHT_ROWS_5MS = new BatchPolicy(8, Duration.ofMillis(5));
    private static final Optional<BatchKey> SMALL_IMAGES = key(48, 192);
    private static final Optional<BatchKey> WIDE_IMAGES = key(48, 320);

    /** Other requests being read: the batch has reason to wait for them. */
    private static final int OTHERS_ARRIVING = 3;

    private final List<QueuedRequest> queue = new ArrayList<>();

    @Test
    void an_empty_queue_is_idle() {
        assertThat(next(T0)).isEqualTo(new BatchDecision.Idle());
    }

    @Test
    void a_lone_request_waits_for_company_until_its_delay_is_up_then_runs_alone() {
        arrives(SMALL_IMAGES, 1, T0);

        assertThat(next(T0.plusMillis(4))).isEqualTo(new BatchDecision.WaitUntil(T0.plusMillis(5)));
        assertThat(next(T0.plusMillis(5))).isEqualTo(run(0));
    }

    @Test
    void requests_of_the_same_shape_run_together_oldest_first_once_the_oldest_is_due() {
        arrives(SMALL_IMAGES, 1, T0);
        arrives(SMALL_IMAGES, 2, T0.plusMillis(1));
        arrives(SMALL_IMAGES, 1, T0.plusMillis(3));

        assertThat(next(T0.plusMillis(3))).isEqualTo(new BatchDecision.WaitUntil(T0.plusMillis(5)));
        assertThat(next(T0.plusMillis(5))).isEqualTo(run(0, 1, 2));
    }

    @Test
    void a_request_runs_at_once_when_no_other_is_being_read_since_none_could_join_it_in_time() {
        arrives(SMALL_IMAGES, 1, T0);
        arrives(SMALL_IMAGES, 1, T0);

        assertThat(BatchPlanner.next(EIGHT_ROWS_5MS, queue, T0, 0, false)).isEqualTo(run(0, 1));
    }

    @Test
    void a_full_batch_runs_at_once_without_waiting_for_the_delay() {
        for (int i = 0; i < 8; i++) {
            arrives(SMALL_IMAGES, 1, T0);
        }
        arrives(SMALL_IMAGES, 1, T0);

        assertThat(next(T0)).isEqualTo(run(0, 1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void requests_that_would_overflow_the_batch_wait_for_the_next_one_while_smaller_ones_fill_it() {
        arrives(SMALL_IMAGES, 6, T0);
        arrives(SMALL_IMAGES, 3, T0);
        arrives(SMALL_IMAGES, 2, T0);

        assertThat(next(T0)).isEqualTo(run(0, 2));
    }

    @Test
    void the_oldest_request_runs_even_when_it_alone_has_more_rows_than_a_batch() {
        arrives(SMALL_IMAGES, 20, T0);
        arrives(SMALL_IMAGES, 1, T0);

        assertThat(next(T0)).isEqualTo(run(0));
    }

    @Test
    void requests_whose_other_dimensions_differ_never_share_a_run() {
        arrives(SMALL_IMAGES, 1, T0);
        arrives(WIDE_IMAGES, 1, T0.plusMillis(1));
        arrives(SMALL_IMAGES, 1, T0.plusMillis(2));
        arrives(WIDE_IMAGES, 1, T0.plusMillis(3));

        assertThat(next(T0.plusMillis(5))).isEqualTo(run(0, 2));
        queue.remove(2);
        queue.remove(0);
        assertThat(next(T0.plusMillis(5))).isEqualTo(new BatchDecision.WaitUntil(T0.plusMillis(6)));
        assertThat(next(T0.plusMillis(6))).isEqualTo(run(0, 1));
    }

    @Test
    void a_younger_group_that_fills_up_runs_before_an_older_one_that_is_not_due() {
        arrives(WIDE_IMAGES, 1, T0);
        for (int i = 0; i < 8; i++) {
            arrives(SMALL_IMAGES, 1, T0.plusMillis(1));
        }

        assertThat(next(T0.plusMillis(1))).isEqualTo(run(1, 2, 3, 4, 5, 6, 7, 8));
    }

    @Test
    void a_request_that_cannot_be_batched_runs_at_once_since_nothing_could_join_it() {
        arrives(SMALL_IMAGES, 1, T0);
        arrives(Optional.empty(), 1, T0.plusMillis(1));

        assertThat(next(T0.plusMillis(1))).isEqualTo(run(1));
    }

    @Test
    void with_a_max_batch_size_of_one_every_request_runs_alone_at_once() {
        arrives(SMALL_IMAGES, 1, T0);
        arrives(SMALL_IMAGES, 1, T0);

        assertThat(BatchPlanner.next(new BatchPolicy(1, Duration.ofMillis(5)), queue, T0, OTHERS_ARRIVING, false)).isEqualTo(run(0));
    }

    @Test
    void a_flushing_queue_runs_what_waits_without_waiting_for_the_delay() {
        arrives(SMALL_IMAGES, 1, T0);
        arrives(SMALL_IMAGES, 1, T0);

        assertThat(BatchPlanner.next(EIGHT_ROWS_5MS, queue, T0, OTHERS_ARRIVING, true)).isEqualTo(run(0, 1));
    }

    private void arrives(Optional<BatchKey> key, long rows, Instant at) {
        queue.add(new QueuedRequest(key, rows, at));
    }

    private BatchDecision next(Instant now) {
        return BatchPlanner.next(EIGHT_ROWS_5MS, queue, now, OTHERS_ARRIVING, false);
    }

    private static BatchDecision run(Integer... positions) {
        return new BatchDecision.Run(List.of(positions));
    }

    private static Optional<BatchKey> key(long height, long width) {
        return Optional.of(new BatchKey(List.of(new BatchKey.Row("x", DataType.FP32, List.of(3L, height, width)))));
    }
}
