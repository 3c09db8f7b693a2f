package dev.lepton.server.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.serving.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the probes' answers make of a replica, pass by pass, on simulated time. */
class ReplicaHealthTest {
    private static final Instant T = Instant.parse("2026-12-05T12:00:00Z");
    private static final Probe READINESS = new Probe("/ready", Duration.ofSeconds(10), Duration.ofSeconds(1), 3);
    private static final Probe LIVENESS = new Probe("/alive", Duration.ofSeconds(5), Duration.ofSeconds(1), 2);

    private final ReplicaHealth health = new ReplicaHealth();
    private final List<String> asked = new ArrayList<>();

    private boolean ready(long millis, boolean answers) {
        return health.ready(READINESS, T.plusMillis(millis), probe -> {
            asked.add(probe.path());
            return answers;
        });
    }

    private Optional<String> dead(long millis, boolean answers) {
        return health.dead(Optional.of(LIVENESS), T.plusMillis(millis), probe -> {
            asked.add(probe.path());
            return answers;
        });
    }

    @Test
    void readiness_is_asked_on_every_pass_until_the_first_success_then_once_a_period() {
        assertThat(ready(0, false)).isFalse();
        assertThat(ready(100, false)).isFalse();
        assertThat(ready(200, true)).isTrue();
        assertThat(asked).hasSize(3);

        assertThat(ready(1_200, false)).as("within the period the last answer stands").isTrue();
        assertThat(asked).hasSize(3);
        ready(10_200, true);
        assertThat(asked).hasSize(4);
    }

    @Test
    void a_ready_replica_leaves_routing_after_the_threshold_of_failures_in_a_row_and_comes_back_on_a_success() {
        ready(0, true);
        assertThat(ready(10_000, false)).isTrue();
        assertThat(ready(20_000, false)).isTrue();
        assertThat(ready(30_000, false)).as("the third failure in a row").isFalse();
        assertThat(ready(40_000, true)).isTrue();
        assertThat(ready(50_000, false)).as("the count started again").isTrue();
    }

    @Test
    void liveness_counts_only_once_the_replica_has_been_ready_and_restarts_after_its_threshold_in_a_row() {
        assertThat(dead(0, false)).as("a replica still starting is not judged").isEmpty();
        assertThat(asked).isEmpty();

        ready(1_000, true);
        assertThat(dead(1_000, false)).isEmpty();
        assertThat(dead(3_000, false)).as("within the period: not asked").isEmpty();
        assertThat(dead(6_000, true)).as("a success resets the count").isEmpty();
        assertThat(dead(11_000, false)).isEmpty();
        assertThat(dead(16_000, false)).hasValue("liveness probe GET /alive failed 2 times in a row");
        assertThat(asked).containsExactly("/ready", "/alive", "/alive", "/alive", "/alive");
    }

    @Test
    void without_a_liveness_probe_a_replica_is_never_restarted() {
        ready(0, true);
        assertThat(health.dead(Optional.empty(), T.plusSeconds(60), probe -> false)).isEmpty();
    }
}
