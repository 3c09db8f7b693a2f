package dev.lepton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.Problem;
import dev.lepton.client.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class LeptonCommandTest {
    @TempDir
    Path home;

    @Test
    void aBareLeptonIsAUsageErrorThatPointsAtHelp() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run()).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo("error: Missing required subcommand\ntry 'lepton --help'\n");
    }

    @Test
    void aMistypedSubcommandSuggestsTheRightOne() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run("job", "lsit")).isEqualTo(2);
        assertThat(terminal.err()).contains("error: Unmatched argument at index 1: 'lsit'", "job ls", "try 'lepton job --help'");
    }

    @Test
    void helpAndVersionExitZero() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run("--help")).isZero();
        assertThat(terminal.run("job", "wait", "--help")).isZero();
        assertThat(terminal.run("--version")).isZero();
        assertThat(terminal.out()).contains("Usage: lepton", "Usage: lepton job wait", "lepton ");
    }

    @Test
    void anUnreachableServerExitsThreeWithTheClientsHint() {
        TestTerminal terminal = new TestTerminal(home);

        int exit = terminal.run("queue", "list", "--server", "http://127.0.0.1:9");

        assertThat(exit).isEqualTo(3);
        assertThat(terminal.err()).startsWith("error: cannot reach the Lepton server at http://127.0.0.1:9")
                .contains("lepton server").doesNotContain("\tat ");
        assertThat(terminal.err().lines()).hasSize(1);
    }

    @Test
    void aServerUrlWithoutSchemeIsAUsageError() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run("node", "list", "--server", "localhost:8420")).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo(
                "error: --server: expected a server URL like http://127.0.0.1:8420, got 'localhost:8420'\n");
    }

    @Test
    void tokenShowPrintsTheBareTokenFromTheCredentialsFile() throws Exception {
        Path leptonHome = Files.createDirectories(home.resolve("lh"));
        Files.writeString(leptonHome.resolve("credentials"), "server=http://127.0.0.1:8420\ntoken=lep_abc123\n");
        TestTerminal terminal = new TestTerminal(home).variable("LEPTON_HOME", leptonHome.toString());

        assertThat(terminal.run("token", "show", "-o", "json")).isZero();
        assertThat(terminal.out()).isEqualTo("lep_abc123\n");
    }

    @Test
    void tokenShowWithoutATokenSaysWhereOneComesFrom() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run("token", "show")).isEqualTo(1);
        assertThat(terminal.err()).isEqualTo("error: no token: pass --token, set LEPTON_TOKEN, or start 'lepton server',"
                + " which writes one to " + home.resolve(".lepton/credentials") + "\n");
    }

    @Test
    void refusalsTheUserCanFixCarryAHint() {
        assertThat(ErrorReporter.refusal(refused(401, "NOT_AUTHENTICATED", "invalid bearer token")))
                .isEqualTo("invalid bearer token; check your token (lepton token show)");
        assertThat(ErrorReporter.refusal(refused(404, "NOT_FOUND", "job 'x' not found in project 'default'")))
                .startsWith("job 'x' not found in project 'default'; check the name and the project (--project)");
        assertThat(ErrorReporter.refusal(new ApiException(new Problem("about:blank", "not found", 404, "queue 'ml' not found", "NOT_FOUND",
                "/api/v1/queues/ml")))).as("queues belong to no project").isEqualTo("queue 'ml' not found; check the name (lepton queue list)");
        assertThat(ErrorReporter.refusal(new ApiException(new Problem("about:blank", "not found", 404, "node 'gpu-9' not found", "NOT_FOUND",
                "/api/v1/nodes/gpu-9/cordon")))).as("nor do nodes").isEqualTo("node 'gpu-9' not found; check the name (lepton node list)");
        assertThat(ErrorReporter.refusal(refused(400, "INVALID_SPEC", "spec.workers: must be >= 1, got 0")))
                .isEqualTo("spec.workers: must be >= 1, got 0");
        assertThat(ErrorReporter.refusal(refused(409, "ALREADY_EXISTS", "job 'a' already exists")))
                .isEqualTo("job 'a' already exists; choose another name, or delete the old one first (a job: lepton job delete NAME)");
    }

    @Test
    void extraSubcommandsFromOtherModulesSeeTheGlobalOptionsAndExitCodes() {
        TestTerminal terminal = new TestTerminal(home);
        CommandLine commandLine = LeptonCommand.commandLine(terminal.environment(), new FakeServerCommand());

        int exit = commandLine.execute("server", "--project", "p1");

        assertThat(exit).isEqualTo(1);
        assertThat(commandLine.getSubcommands()).containsKey("server");
    }

    @Test
    void anApiExceptionBecomesOneLineAndExitOne() {
        TestTerminal terminal = new TestTerminal(home);
        CommandLine commandLine = LeptonCommand.commandLine(terminal.environment(), new RefusingCommand());

        assertThat(commandLine.execute("refuse")).isEqualTo(1);
        assertThat(terminal.err()).isEqualTo("error: token expired; check your token (lepton token show)\n");
    }

    private static ApiException refused(int status, String code, String detail) {
        return new ApiException(new Problem("about:blank", "refused", status, detail, code, null));
    }

    /** Stands in for the distribution's {@code server} command: reads the session the way it would. */
    @Command(name = "server")
    static final class FakeServerCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return Session.of(spec).project().equals("p1") ? 1 : 0;
        }
    }

    @Command(name = "refuse")
    static final class RefusingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw refused(401, "NOT_AUTHENTICATED", "token expired");
        }
    }
}
