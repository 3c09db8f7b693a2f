package dev.lepton.core.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.execution.AttemptId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributionTest {
    private static final AttemptId A = new AttemptId("a", 1, 0);
    private static final AttemptId B = new AttemptId("b", 1, 0);

    @Test
    void parts_that_lose_energy_are_refused() {
        assertThatThrownBy(() -> new Attribution(Duration.ofSeconds(1), Map.of(A, new ComponentJoules(10, 0, 0)), ComponentJoules.ZERO,
                ComponentJoules.ZERO, new ComponentJoules(11, 0, 0), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not add up for CPU_PACKAGE: parts 10.0 J, node 11.0 J");
    }

    @Test
    void parts_that_invent_energy_are_refused() {
        assertThatThrownBy(() -> new Attribution(Duration.ofSeconds(1), Map.of(A, new ComponentJoules(0, 0, 5)), new ComponentJoules(0, 0, 5),
                ComponentJoules.ZERO, new ComponentJoules(0, 0, 5), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GPU");
    }

    @Test
    void intervals_add_up_per_attempt_and_provenance_weakens_to_modelled() {
        Attribution first = new Attribution(Duration.ofSeconds(5), Map.of(A, new ComponentJoules(10, 1, 0)), new ComponentJoules(5, 0, 0),
                ComponentJoules.ZERO, new ComponentJoules(15, 1, 0), Map.of(ComponentKind.CPU_PACKAGE, Provenance.MEASURED));
        Attribution second = new Attribution(Duration.ofSeconds(5), Map.of(A, new ComponentJoules(2, 0, 0), B, new ComponentJoules(0, 0, 9)),
                ComponentJoules.ZERO, new ComponentJoules(1, 0, 0), new ComponentJoules(3, 0, 9),
                Map.of(ComponentKind.CPU_PACKAGE, Provenance.MODELLED, ComponentKind.GPU, Provenance.MEASURED));

        Attribution both = Attribution.NONE.plus(first).plus(second);

        assertThat(both.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(both.of(A)).isEqualTo(new ComponentJoules(12, 1, 0));
        assertThat(both.of(B)).isEqualTo(new ComponentJoules(0, 0, 9));
        assertThat(both.unattributed()).isEqualTo(new ComponentJoules(6, 0, 0));
        assertThat(both.node()).isEqualTo(new ComponentJoules(18, 1, 9));
        assertThat(both.provenance()).containsEntry(ComponentKind.CPU_PACKAGE, Provenance.MODELLED)
                .containsEntry(ComponentKind.GPU, Provenance.MEASURED);
    }
}
