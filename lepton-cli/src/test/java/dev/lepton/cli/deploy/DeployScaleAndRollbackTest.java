package dev.lepton.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.cli.TestTerminal;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code deploy scale} and {@code rollback} refuse a wrong command line in one line naming the flag, before asking the server. */
class DeployScaleAndRollbackTest {
    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "scale iris                      | give --replicas N, or both --min N and --max N",
        "scale iris --min 2              | give --replicas N, or both --min N and --max N (got only --min 2)",
        "scale iris --max 8              | give --replicas N, or both --min N and --max N (got only --max 8)",
        "scale iris --replicas 2 --max 3 | --replicas: sets both bounds, so give it alone or use --min and --max (got --replicas 2 --max 3)",
        "scale iris --min 4 --max 2      | --max: must be at least --min 4 (got 2)",
        "scale iris --replicas 0         | --replicas: must be at least 1 (got 0); --min 0 lets an idle deployment scale to zero",
        "rollback iris --revision 0      | --revision: revisions are numbered from 1 (got 0)",
    })
    void aWrongCommandLineIsOneLineAndExitTwo(String line, String message) {
        // No server listens on port 9: the refusal must come first.
        TestTerminal terminal = new TestTerminal(home).variable("LEPTON_SERVER", "http://127.0.0.1:9");

        int exit = terminal.run(("deploy " + line).split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo("error: " + message + "\n");
    }
}
