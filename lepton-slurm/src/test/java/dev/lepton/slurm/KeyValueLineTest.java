package dev.lepton.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KeyValueLineTest {
    @Test
    void a_value_keeps_its_spaces_until_the_next_key() {
        KeyValueLine line = KeyValueLine.parse("NodeName=vm OS=Linux 6.1.0 #1 SMP PREEMPT_DYNAMIC @0 RealMemory=24105 Reason=Not responding [slurm@2024-05-01T07:05:00]");

        assertThat(line.value("OS")).contains("Linux 6.1.0 #1 SMP PREEMPT_DYNAMIC @0");
        assertThat(line.number("RealMemory")).isEqualTo(OptionalLong.of(24105));
        assertThat(line.value("Reason")).contains("Not responding [slurm@2024-05-01T07:05:00]");
    }

    @Test
    void a_value_may_hold_equals_signs_and_keys_may_hold_colons_and_slashes() {
        KeyValueLine line = KeyValueLine.parse("JobId=7 TRES=cpu=1,mem=100M,node=1 AllocNode:Sid=vm:42 CPUs/Task=2 JobDefaults=DefMemPerGPU=65536");

        assertThat(line.value("TRES")).contains("cpu=1,mem=100M,node=1");
        assertThat(line.value("AllocNode:Sid")).contains("vm:42");
        assertThat(line.number("CPUs/Task")).isEqualTo(OptionalLong.of(2));
        assertThat(line.value("JobDefaults")).contains("DefMemPerGPU=65536");
    }

    @Test
    void null_and_empty_values_are_absent_and_words_are_not_numbers() {
        KeyValueLine line = KeyValueLine.parse("Gres=(null) AllocTRES= CPULoad=N/A MaxTime=UNLIMITED");

        assertThat(line.value("Gres")).isEqualTo(Optional.empty());
        assertThat(line.value("AllocTRES")).isEmpty();
        assertThat(line.number("CPULoad")).isEmpty();
        assertThat(line.number("MaxTime")).isEmpty();
        assertThat(line.value("Missing")).isEmpty();
    }

    @Test
    void a_required_key_that_is_missing_says_which() {
        assertThatThrownBy(() -> KeyValueLine.parse("A=1").required("NodeName")).hasMessageContaining("no NodeName=");
    }
}
