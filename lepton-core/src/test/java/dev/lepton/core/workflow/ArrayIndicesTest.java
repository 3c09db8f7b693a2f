package dev.lepton.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The index lists of Slurm's {@code --array}: ranges, steps, lists; bounded, each fault named. */
class ArrayIndicesTest {
    @Test
    void a_range_names_every_index_from_its_first_to_its_last() {
        assertThat(ArrayIndices.parse("0-19")).isEqualTo(IntStream.rangeClosed(0, 19).boxed().toList());
    }

    @Test
    void lists_ranges_and_steps_mix_and_come_out_ascending_and_distinct() {
        assertThat(ArrayIndices.parse("1,3,5-7")).containsExactly(1, 3, 5, 6, 7);
        assertThat(ArrayIndices.parse("0-15:4")).containsExactly(0, 4, 8, 12);
        assertThat(ArrayIndices.parse("9, 2-3,3,0-10:5")).containsExactly(0, 2, 3, 5, 9, 10);
        assertThat(ArrayIndices.parse("42")).isEqualTo(List.of(42));
    }

    @Test
    void an_array_may_have_ten_thousand_tasks_and_no_more() {
        assertThat(ArrayIndices.parse("0-9999")).hasSize(10_000);
        assertThatThrownBy(() -> ArrayIndices.parse("0-10000")).hasMessage("makes more than 10000 tasks, the most an array may have");
        assertThatThrownBy(() -> ArrayIndices.parse("0-999999")).hasMessageContaining("more than 10000 tasks");
        assertThatThrownBy(() -> ArrayIndices.parse("0-5000,0-5000")).as("counted as written, before duplicates go")
                .hasMessageContaining("more than 10000 tasks");
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"      | lists no index; write N, A-B or A-B:STEP, separated by commas, e.g. 0-99 or 1,3,5-7",
            "5-2       | range '5-2' ends before it starts",
            "0-9:0     | step of '0-9:0' must be at least 1",
            "a-b       | 'a-b' is not an index or a range; write N, A-B or A-B:STEP, separated by commas",
            "-1        | '-1' is not an index or a range; write N, A-B or A-B:STEP, separated by commas",
            "1-2-3     | '1-2-3' is not an index or a range; write N, A-B or A-B:STEP, separated by commas",
            "0-9:2:1   | '0-9:2:1' is not an index or a range; write N, A-B or A-B:STEP, separated by commas",
            "3:2       | '3:2' has a step but no range; write A-B:STEP",
            "1,,2      | has an empty part; write N, A-B or A-B:STEP, separated by commas",
            "1000000   | index 1000000 is over the largest, 999999",
            "0-99%4    | '0-99%4' is not an index or a range; write N, A-B or A-B:STEP, separated by commas",
    })
    void a_bad_list_is_refused_naming_the_part_that_is_wrong(String text, String fault) {
        assertThatThrownBy(() -> ArrayIndices.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(fault);
    }
}
