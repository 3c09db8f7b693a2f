package dev.lepton.slurm.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlurmGresTest {
    @Test
    void an_untyped_gpu_count() {
        assertThat(SlurmGres.parseList("gpu:4")).containsExactly(new SlurmGres("gpu", Optional.empty(), 4));
    }

    @Test
    void a_typed_gpu_count_with_the_sockets_it_sits_on() {
        assertThat(SlurmGres.parseList("gpu:a100:4(S:0-1)")).containsExactly(new SlurmGres("gpu", Optional.of("a100"), 4));
    }

    @Test
    void several_types_with_commas_inside_socket_lists() {
        assertThat(SlurmGres.parseList("gpu:v100:2(S:0,2),gpu:t4:1(S:1),mps:200")).containsExactly(
                new SlurmGres("gpu", Optional.of("v100"), 2),
                new SlurmGres("gpu", Optional.of("t4"), 1),
                new SlurmGres("mps", Optional.empty(), 200));
    }

    @Test
    void suffixed_counts_flags_and_a_missing_count() {
        assertThat(SlurmGres.parse("shard:2K")).isEqualTo(new SlurmGres("shard", Optional.empty(), 2048));
        assertThat(SlurmGres.parse("gpu:no_consume:1")).isEqualTo(new SlurmGres("gpu", Optional.empty(), 1));
        assertThat(SlurmGres.parse("gpu:h100")).isEqualTo(new SlurmGres("gpu", Optional.of("h100"), 1));
    }

    @Test
    void none_is_an_empty_list() {
        assertThat(SlurmGres.parseList("(null)")).isEmpty();
        assertThat(SlurmGres.parseList("")).isEmpty();
    }
}
