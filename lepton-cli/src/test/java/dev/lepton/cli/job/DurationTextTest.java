package dev.lepton.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.cli.TestTerminal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

class DurationTextTest {
    @TempDir
    Path home;

    @Test
    void readsEachUnit() {
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void addsUpCompoundDurations() {
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse(" 1m30s ")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("0s")).isZero();
    }

    @Test
    void aBareNumberIsRefusedWithTheUnitsItCouldHaveMeant() {
        assertThatThrownBy(() -> DurationText.parse("10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'10' has no unit; write 10s, 10m or 10h");
    }

    @Test
    void unknownUnitsNegativeValuesAndGarbageAreRefusedWithAnExample() {
        for (String bad : new String[] {"5x", "-5s", "5 m", "m5", "1.5h", "PT5M"}) {
            assertThatThrownBy(() -> DurationText.parse(bad))
                    .hasMessage("expected a duration like 30s, 5m, 2h or 1h30m (units ms, s, m, h, d), got '" + bad.strip() + "'");
        }
        assertThatThrownBy(() -> DurationText.parse("")).hasMessage("expected a duration like 30s, 5m or 2h, got nothing");
    }

    @Test
    void anAbsurdlyLongDurationIsRefusedRatherThanOverflowing() {
        assertThatThrownBy(() -> DurationText.parse("99999999999999999999d")).hasMessageContaining("too long");
    }

    @Test
    void waitTimeoutDefaultsToTenMinutes() {
        assertThat(parseWait("job", "wait", "train").timeout).isEqualTo(Duration.ofMinutes(10));
        assertThat(parseWait("job", "wait", "train", "--timeout", "2h").timeout).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aBadTimeoutIsAUsageErrorWithOneClearLine() {
        TestTerminal terminal = new TestTerminal(home);

        int exit = terminal.run("job", "wait", "train", "--timeout", "10");

        assertThat(exit).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo("""
                error: Invalid value for option '--timeout': '10' has no unit; write 10s, 10m or 10h
                try 'lepton job wait --help'
                """);
    }

    private JobWaitCommand parseWait(String... args) {
        ParseResult result = new TestTerminal(home).commandLine().parseArgs(args);
        return (JobWaitCommand) result.subcommand().subcommand().commandSpec().userObject();
    }
}
