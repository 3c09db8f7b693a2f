package dev.lepton.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.TestTerminal;
import dev.lepton.cli.apply.Manifest.JobManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
    private static final String TWO_JOBS = """
            kind: Job
            metadata:
              name: prepare
            spec:
              command: [python, prepare.py]
            ---
            kind: Job
            apiVersion: lepton.dev/v1
            metadata:
              name: train
              project: vision
              labels: {team: ml}
            spec:
              command: [python, train.py]
              workers: 2
              resources: {cpu: 500m, memory: 4GiB, gpus: 1}
            """;

    @TempDir
    Path dir;

    @Test
    void readsEveryDocumentInOrder() {
        List<Manifest> manifests = read("jobs.yaml", TWO_JOBS);

        assertThat(manifests).hasSize(2).allMatch(m -> m instanceof JobManifest);
        JobManifest prepare = (JobManifest) manifests.get(0);
        JobManifest train = (JobManifest) manifests.get(1);
        assertThat(prepare.index()).isEqualTo(1);
        assertThat(prepare.name()).isEqualTo("prepare");
        assertThat(prepare.job().metadata().project()).as("project from --project").isEqualTo("default");
        assertThat(prepare.job().apiVersion()).isEqualTo("lepton.dev/v1");
        assertThat(train.index()).isEqualTo(2);
        assertThat(train.job().metadata().project()).as("project from the file").isEqualTo("vision");
        assertThat(train.job().metadata().labels()).containsEntry("team", "ml");
        assertThat(train.job().spec().workers()).isEqualTo(2);
        assertThat(train.job().spec().resources().memory()).isEqualTo("4GiB");
    }

    @Test
    void emptyDocumentsAreSkippedAndErrorsGiveTheLineWhereTheDocumentStarts() {
        String text = "---\n" + TWO_JOBS.replace("---\n", "---\n---\n").replace("workers: 2", "workers: two") + "---\n";

        assertThatThrownBy(() -> read("jobs.yaml", text))
                .hasMessageStartingWith("jobs.yaml: document 2 (line 9): spec.workers:");
        assertThat(read("jobs.yaml", "---\n" + TWO_JOBS + "---\n")).extracting(Manifest::index).containsExactly(1, 2);
    }

    @Test
    void jsonIsAcceptedToo() {
        List<Manifest> manifests = read("job.json", """
                {"kind": "Job", "metadata": {"name": "j"}, "spec": {"command": ["true"]}}
                """);

        assertThat(((JobManifest) manifests.getFirst()).job().spec().command()).containsExactly("true");
    }

    @Test
    void aBadFieldIsReportedWithFileDocumentAndFieldPath() {
        String text = TWO_JOBS.replace("workers: 2", "workers: two");

        assertThatThrownBy(() -> read("jobs.yaml", text))
                .isInstanceOf(CliFailure.class)
                .hasMessage("jobs.yaml: document 2 (line 7): spec.workers: must be an integer (got 'two')")
                .extracting(e -> ((CliFailure) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aFractionOrAQuotedNumberWhereAnIntegerIsMeantIsRefusedNotTruncated() {
        assertThatThrownBy(() -> read("half.yaml", TWO_JOBS.replace("gpus: 1", "gpus: 0.5")))
                .hasMessage("half.yaml: document 2 (line 7): spec.resources.gpus: must be an integer (got 0.5)");
        assertThatThrownBy(() -> read("w.yaml", TWO_JOBS.replace("workers: 2", "workers: 1.9")))
                .hasMessage("w.yaml: document 2 (line 7): spec.workers: must be an integer (got 1.9)");
        assertThatThrownBy(() -> read("q.yaml", TWO_JOBS.replace("workers: 2", "workers: \"2\"")))
                .hasMessage("q.yaml: document 2 (line 7): spec.workers: must be an integer, not a string (got '2')");
        assertThatThrownBy(() -> read("queue.yaml", "kind: Queue\nmetadata: {name: q}\nspec:\n  scoring: {energy: \"2\"}\n"))
                .hasMessage("queue.yaml: document 1 (line 1): spec.scoring.energy: must be a number, not a string (got '2')");
    }

    @Test
    void aTypoInAFieldNameIsAnErrorNotSilentlyIgnored() {
        String text = TWO_JOBS.replace("workers: 2", "worker: 2");

        assertThatThrownBy(() -> read("jobs.yaml", text))
                .hasMessageStartingWith("jobs.yaml: document 2 (line 7): spec.worker: unknown field (known: ");
    }

    @Test
    void anUnknownKindIsNamedWithItsDocument() {
        String text = TWO_JOBS + "---\nkind: Service\nmetadata: {name: web}\n";

        assertThatThrownBy(() -> read("all.yaml", text))
                .hasMessage("all.yaml: document 3 (line 18): unknown kind 'Service' (known kinds: Job, Queue, Cohort, Deployment)");
    }

    @Test
    void aDeploymentIsReadIntoTheDefaultProjectWithoutTheStatusTheFileMayCarry() {
        String text = """
                kind: Deployment
                metadata: {name: iris}
                spec:
                  model: iris.onnx
                  replicas: {min: 0, max: 4}
                  batching: {maxBatchSize: 16, maxQueueDelay: 5ms}
                status: {phase: Ready, revision: 7, desired: 1, ready: 1}
                """;

        Manifest.DeploymentManifest iris = (Manifest.DeploymentManifest) read("iris.yaml", text).getFirst();

        assertThat(iris.name()).isEqualTo("iris");
        assertThat(iris.deployment().metadata().project()).isEqualTo("default");
        assertThat(iris.deployment().apiVersion()).isEqualTo("lepton.dev/v1");
        assertThat(iris.deployment().spec().model()).as("a local file, shipped before it is sent").isEqualTo("iris.onnx");
        assertThat(iris.deployment().spec().replicas().max()).isEqualTo(4);
        assertThat(iris.deployment().status()).isNull();
        assertThatThrownBy(() -> read("web.yaml", "kind: Deployment\nmetadata: {name: web}\n"))
                .hasMessage("web.yaml: document 1 (line 1): deployment 'web' has no spec (it needs spec.model or spec.command)");
    }

    @Test
    void aDocumentWithoutKindSaysWhichKindsThereAre() {
        assertThatThrownBy(() -> read("a.yaml", "metadata: {name: x}\n"))
                .hasMessage("a.yaml: document 1 (line 1): missing 'kind' (known kinds: Job, Queue, Cohort, Deployment)");
    }

    @Test
    void aJobWithoutNameOrSpecIsRefusedBeforeReachingTheServer() {
        assertThatThrownBy(() -> read("a.yaml", "kind: Job\nspec: {command: [x]}\n"))
                .hasMessage("a.yaml: document 1 (line 1): a Job needs metadata.name");
        assertThatThrownBy(() -> read("a.yaml", "kind: Job\nmetadata: {name: x}\n"))
                .hasMessage("a.yaml: document 1 (line 1): job 'x' has no spec (it needs at least spec.command)");
    }

    @Test
    void anotherApiVersionIsRefused() {
        assertThatThrownBy(() -> read("a.yaml", "kind: Job\napiVersion: lepton.dev/v2\nmetadata: {name: x}\n"))
                .hasMessage("a.yaml: document 1 (line 1): apiVersion 'lepton.dev/v2' is not supported; use lepton.dev/v1");
    }

    @Test
    void malformedYamlIsReportedWithDocumentAndLine() {
        String text = TWO_JOBS + "---\nkind: Job\nmetadata:\n  name: [unclosed\n";

        assertThatThrownBy(() -> read("jobs.yaml", text))
                .hasMessageStartingWith("jobs.yaml: document 3: malformed YAML/JSON at line ");
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> read("a.yaml", "- kind: Job\n"))
                .hasMessage("a.yaml: document 1 (line 1): expected an object with 'kind', got array");
    }

    @Test
    void anEmptyFileSaysWhatWasExpected() {
        assertThatThrownBy(() -> read("empty.yaml", "\n"))
                .hasMessageStartingWith("empty.yaml: no documents in the file");
    }

    @Test
    void applyReportsABadFileAsOneLineWithExitTwoBeforeContactingTheServer() throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, TWO_JOBS.replace("workers: 2", "workers: two"));
        // No server listens on port 9; the file must fail first.
        TestTerminal terminal = new TestTerminal(dir).variable("LEPTON_SERVER", "http://127.0.0.1:9");

        int exit = terminal.run("apply", "-f", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo("error: " + file + ": document 2 (line 7): spec.workers: must be an integer (got 'two')\n");
        assertThat(terminal.out()).isEmpty();
    }

    @Test
    void applyReadsStandardInputForDash() {
        TestTerminal terminal = new TestTerminal(dir).stdin("kind: Pod\n");

        assertThat(terminal.run("apply", "-f", "-")).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo("error: <stdin>: document 1 (line 1): unknown kind 'Pod' (known kinds: Job, Queue, Cohort, Deployment)\n");
    }

    @Test
    void applyNamesAMissingFile() {
        TestTerminal terminal = new TestTerminal(dir);

        assertThat(terminal.run("apply", "-f", "nope.yaml")).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo("error: nope.yaml: no such file\n");
    }

    private static List<Manifest> read(String source, String text) {
        return ManifestReader.read(source, text.getBytes(StandardCharsets.UTF_8), "default");
    }
}
