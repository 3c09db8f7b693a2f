package dev.lepton.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An attempt's id: a job uid of letters, digits and dashes, an epoch from 1, a rank from 0; its text form parses back. */
class AttemptIdTest {
    @Test
    void its_text_parses_back_to_the_same_id() {
        AttemptId id = new AttemptId("3f2a9c1e-0b4d-4c55-9e1a-7d2b6c8e4f01", 2, 3);

        assertThat(id.toString()).isEqualTo("3f2a9c1e-0b4d-4c55-9e1a-7d2b6c8e4f01.2.3");
        assertThat(AttemptId.parse(id.toString())).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a_b", "a b", "jöb", "a/b", "a:b"})
    void a_uid_of_other_characters_is_refused(String uid) {
        assertThatThrownBy(() -> new AttemptId(uid, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job uid must be alphanumeric with dashes");
    }

    @Test
    void an_epoch_below_1_or_a_negative_rank_is_refused() {
        assertThatThrownBy(() -> new AttemptId("abc", 0, 0)).hasMessageContaining("epoch must be >= 1");
        assertThatThrownBy(() -> new AttemptId("abc", 1, -1)).hasMessageContaining("rank >= 0");
        assertThat(new AttemptId("A-z-0-9", 1, 0).jobUid()).isEqualTo("A-z-0-9");
    }
}
