package dev.lepton.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columnsLineUpUnderAnUpperCaseHeader() {
        String text = Table.of("name", "phase", "message")
                .row("train-resnet", "Running", "")
                .row("x", "Failed", "exit code 1")
                .render();

        assertThat(text).isEqualTo("""
                NAME           PHASE     MESSAGE
                train-resnet   Running   -
                x              Failed    exit code 1
                """);
    }

    @Test
    void missingValuesShowAsDashAndTheLastColumnIsNotPadded() {
        String text = Table.of("a", "b").row(null, null).row("long value", "z").render();

        assertThat(text).isEqualTo("""
                A            B
                -            -
                long value   z
                """);
        assertThat(text.lines()).noneMatch(line -> line.endsWith(" "));
    }

    @Test
    void aMultiLineCellBecomesOneLineSoColumnsSurvive() {
        String text = Table.of("name", "message").row("j", "first line\n  second line\r\nthird").render();

        assertThat(text).endsWith("j      first line second line third\n");
    }

    @Test
    void anEmptyTableIsJustTheHeader() {
        Table table = Table.of("name", "queued");

        assertThat(table.isEmpty()).isTrue();
        assertThat(table.render()).isEqualTo("NAME   QUEUED\n");
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsABug() {
        assertThatThrownBy(() -> Table.of("a", "b").row("only one"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("row has 1 cells, table has 2 columns");
    }

    @Test
    void csvQuotesOnlyTheCellsThatNeedItAndKeepsTheHeaderInLowerCase() {
        String csv = Table.of("key", "kwh").row("ml/train", "0.5").row("a, b", "say \"hi\"").csv();

        assertThat(csv).isEqualTo("key,kwh\nml/train,0.5\n\"a, b\",\"say \"\"hi\"\"\"\n");
    }
}
