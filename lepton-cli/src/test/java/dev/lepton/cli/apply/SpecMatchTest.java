package dev.lepton.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRetry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecMatchTest {
    private static final ApiJobSpec STORED = new ApiJobSpec(List.of("python", "train.py"), List.of(), Map.of("A", "1"),
            new ApiResources("1", "2GiB", 0), 1, "default", 0, null, null, new ApiRetry(0, "10s", "5m"), null, null);

    @Test
    void fieldsTheFileLeavesOutAreTheServersDefaultsAndDoNotCount() {
        ApiJobSpec file = new ApiJobSpec(List.of("python", "train.py"), null, null, null, null, null, null, null, null, null, null, null);

        assertThat(SpecMatch.firstDifference("spec", file, STORED)).isEmpty();
    }

    @Test
    void nestedFieldsAreComparedOneByOne() {
        ApiJobSpec file = new ApiJobSpec(List.of("python", "train.py"), null, null, new ApiResources(null, "2GiB", null),
                null, null, null, null, null, new ApiRetry(null, "10s", null), null, null);

        assertThat(SpecMatch.firstDifference("spec", file, STORED)).isEmpty();
    }

    @Test
    void aChangedFieldIsNamedWithBothValues() {
        ApiJobSpec file = new ApiJobSpec(List.of("python", "train.py"), null, null, new ApiResources(null, "4GiB", null),
                null, null, null, null, null, null, null, null);

        assertThat(SpecMatch.firstDifference("spec", file, STORED))
                .contains("spec.resources.memory: the file has \"4GiB\", the server has \"2GiB\"");
    }

    @Test
    void listsAreComparedWhole() {
        ApiJobSpec file = new ApiJobSpec(List.of("python", "eval.py"), null, null, null, null, null, null, null, null, null, null, null);

        assertThat(SpecMatch.firstDifference("spec", file, STORED)).hasValueSatisfying(d -> d.startsWith("spec.command:"));
    }

    @Test
    void aFieldTheServerLacksIsADifference() {
        ApiJobSpec file = new ApiJobSpec(List.of("python", "train.py"), null, null, null, null, null, null, null, null, null, "2h", null);

        assertThat(SpecMatch.firstDifference("spec", file, STORED))
                .contains("spec.maxDuration: the file has \"2h\", the server has nothing");
    }
}
