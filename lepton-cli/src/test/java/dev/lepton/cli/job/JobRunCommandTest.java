package dev.lepton.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiPlacement;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRetry;
import dev.lepton.cli.Session;
import dev.lepton.cli.TestTerminal;
import dev.lepton.cli.output.OutputFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class JobRunCommandTest {
    @TempDir
    Path home;

    @Test
    void flagsTheUserLeftOutStayNullSoTheServerDefaultsThem() {
        ApiJob job = parse("job", "run", "--name", "hello", "--", "echo", "hi").toJob("default", "hello");

        assertThat(job.kind()).isEqualTo("Job");
        assertThat(job.apiVersion()).isEqualTo("lepton.dev/v1");
        assertThat(job.metadata().name()).isEqualTo("hello");
        assertThat(job.metadata().project()).isEqualTo("default");
        assertThat(job.metadata().labels()).isEmpty();
        assertThat(job.spec().command()).containsExactly("echo", "hi");
        assertThat(job.spec().args()).isNull();
        assertThat(job.spec().env()).isNull();
        assertThat(job.spec().resources()).isNull();
        assertThat(job.spec().workers()).isNull();
        assertThat(job.spec().queue()).isNull();
        assertThat(job.spec().priority()).isNull();
        assertThat(job.spec().retry()).isNull();
        assertThat(job.spec().maxDuration()).isNull();
        assertThat(job.spec().placement()).isNull();
        assertThat(job.status()).isNull();
    }

    @Test
    void placementFlagsSayWhereTheJobMayRun() {
        ApiJob job = parse("job", "run", "--node-selector", "site=lab", "--toleration", "dedicated=vision", "--tier", "edge",
                "--region", "eu-north", "--region", "eu-west", "--gpu-model", "H100", "--", "true").toJob("default", "edge");

        assertThat(job.spec().placement()).isEqualTo(new ApiPlacement(Map.of("site", "lab"), List.of("dedicated=vision"), "edge",
                List.of("eu-north", "eu-west"), List.of("H100")));
    }

    @Test
    void workdirLandsInTheSpecAndCodeIsLeftForTheUploadToFillIn() {
        ApiJob job = parse("job", "run", "--code", ".", "--workdir", "src", "--", "python", "train.py").toJob("default", "x");

        assertThat(job.spec().workingDir()).isEqualTo("src");
        assertThat(job.spec().code()).as("a reference to the uploaded snapshot, set once it is on the server").isNull();
    }

    @Test
    void everyFlagLandsInItsField() {
        JobRunCommand run = parse("job", "run", "--name", "train", "--workers", "2", "--cpu", "500m", "--memory", "4GiB",
                "--gpus", "1", "--env", "EPOCHS=3", "--env", "URL=http://x/?a=b", "--queue", "batch", "--priority", "7",
                "--max-retries", "3", "--backoff", "10s", "--max-duration", "2h", "--label", "team=ml", "--dry-run",
                "--", "python", "train.py", "--lr", "0.1");

        ApiJob job = run.toJob("ml", "train");

        assertThat(run.dryRun).isTrue();
        assertThat(job.metadata().project()).isEqualTo("ml");
        assertThat(job.metadata().labels()).isEqualTo(Map.of("team", "ml"));
        assertThat(job.spec().command()).containsExactly("python", "train.py", "--lr", "0.1");
        assertThat(job.spec().workers()).isEqualTo(2);
        assertThat(job.spec().resources()).isEqualTo(new ApiResources("500m", "4GiB", 1));
        assertThat(job.spec().env()).containsExactly(Map.entry("EPOCHS", "3"), Map.entry("URL", "http://x/?a=b"));
        assertThat(job.spec().queue()).isEqualTo("batch");
        assertThat(job.spec().priority()).isEqualTo(7);
        assertThat(job.spec().retry()).isEqualTo(new ApiRetry(3, "10s", null));
        assertThat(job.spec().maxDuration()).isEqualTo("2h");
    }

    @Test
    void oneResourceFlagSetsOnlyThatResource() {
        ApiJob job = parse("job", "run", "--gpus", "2", "--", "nvidia-smi").toJob("default", "x");

        assertThat(job.spec().resources()).isEqualTo(new ApiResources(null, null, 2));
    }

    @Test
    void wordsAfterTheCommandBelongToTheCommandEvenWithoutDoubleDash() {
        JobRunCommand run = parse("job", "run", "--name", "t", "python", "-u", "train.py", "--name", "inner");

        assertThat(run.name).isEqualTo("t");
        assertThat(run.command).containsExactly("python", "-u", "train.py", "--name", "inner");
    }

    @Test
    void globalOptionsMayComeAfterTheSubcommand() {
        TestTerminal terminal = new TestTerminal(home);
        CommandLine commandLine = terminal.commandLine();
        commandLine.parseArgs("job", "run", "--project", "vision", "-o", "json", "--", "true");

        assertThat(Session.of(commandLine.getCommandSpec()).project()).isEqualTo("vision");
        assertThat(Session.of(commandLine.getCommandSpec()).output().format())
                .isEqualTo(OutputFormat.JSON);
    }

    @Test
    void withoutANameOneIsGeneratedFromTheInjectedRandomSource() {
        JobRunCommand run = parse("job", "run", "--", "true");

        String name = run.jobName(new SplittableRandom(7));

        assertThat(name).matches("job-[0-9a-f]{8}").isEqualTo(run.jobName(new SplittableRandom(7)));
    }

    @Test
    void aCommandIsRequired() {
        TestTerminal terminal = new TestTerminal(home);

        int exit = terminal.run("job", "run", "--name", "x");

        assertThat(exit).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo("""
                error: Missing required parameter: 'COMMAND'
                try 'lepton job run --help'
                """);
    }

    @Test
    void imageNamesTheContainerImageAndIsLeftOutWithoutTheFlag() {
        ApiJob job = parse("job", "run", "--image", "python:3.12-slim", "--", "python", "-c", "print(1)").toJob("default", "boxed");

        assertThat(job.spec().image()).isEqualTo("python:3.12-slim");
        assertThat(parse("job", "run", "--", "true").toJob("default", "host").spec().image()).isNull();
    }

    @Test
    void stopFlagsSayHowTheJobIsStopped() {
        ApiJob job = parse("job", "run", "--stop-grace-period", "60s", "--checkpoint-signal", "USR1@2m", "--", "python", "train.py")
                .toJob("default", "ckpt");

        assertThat(job.spec().stopGracePeriod()).isEqualTo("60s");
        assertThat(job.spec().checkpointSignal()).isEqualTo(new dev.lepton.api.v1.ApiCheckpointSignal("USR1", "2m"));
    }

    @Test
    void aCheckpointSignalWithoutItsLeadIsOneLineAndAUsageError() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run("job", "run", "--checkpoint-signal", "USR1", "--", "true")).isEqualTo(2);
        assertThat(terminal.err().strip()).isEqualTo("error: --checkpoint-signal: write SIGNAL@DURATION, e.g. USR1@60s (got 'USR1')");
    }

    @Test
    void anEnvWithoutEqualsSignIsAUsageError() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run("job", "run", "--env", "NOVALUE", "--", "true")).isEqualTo(2);
        assertThat(terminal.err()).startsWith("error: ").contains("KEY=VALUE").doesNotContain("Exception");
    }

    private JobRunCommand parse(String... args) {
        ParseResult result = new TestTerminal(home).commandLine().parseArgs(args);
        return (JobRunCommand) result.subcommand().subcommand().commandSpec().userObject();
    }
}
