package dev.lepton.core.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodePowerProfileTest {
    @Test
    void cpu_and_gpu_ranges_are_read_in_watts() {
        NodePowerProfile profile = NodePowerProfile.parse("cpu=45..210,gpu=60.5..700");

        assertThat(profile.cpu()).contains(new PowerRange(45, 210));
        assertThat(profile.gpu()).contains(new PowerRange(60.5, 700));
    }

    @Test
    void either_part_may_be_left_out_and_spaces_around_parts_are_ignored() {
        assertThat(NodePowerProfile.parse(" gpu = 30..250 ")).isEqualTo(new NodePowerProfile(Optional.empty(), Optional.of(new PowerRange(30, 250))));
        assertThat(NodePowerProfile.parse("cpu=10..10").cpu()).contains(new PowerRange(10, 10));
    }

    @Test
    void a_profile_prints_as_it_is_written() {
        assertThat(NodePowerProfile.parse("cpu=45..210,gpu=60.5..700").toString()).isEqualTo("cpu=45.0..210.0,gpu=60.5..700.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cpu", "cpu=", "cpu=100", "cpu=..200", "cpu=100..", "cpu=-5..200", "cpu=50..abc", "cpu=NaN..200",
            "cpu=1e3..2e3", "cpu=200..100", "tpu=1..2", "cpu=1..2,cpu=3..4", "cpu=1..2,", "cpu=1..2..3"})
    void bad_input_is_refused_naming_the_flag_and_the_value(String text) {
        assertThatThrownBy(() -> NodePowerProfile.parse(text))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("--node-power: ")
                .hasMessageContaining("(got '" + text + "')");
    }

    @Test
    void the_message_says_what_is_wrong() {
        assertThatThrownBy(() -> NodePowerProfile.parse("cpu=200..100")).hasMessageContaining("cpu idle 200.0 W is above its max 100.0 W");
        assertThatThrownBy(() -> NodePowerProfile.parse("ram=1..2")).hasMessageContaining("unknown component 'ram', expected cpu or gpu");
    }
}
