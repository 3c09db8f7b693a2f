package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.LaunchSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the server is root, each project's workers run as a user of their own: they cannot read
 * what the server keeps to itself, nor another project's running worker's environment, and own
 * only their working directory. (Skipped where the tests do not run as root.)
 */
class ProjectUsersTest {
    private static final int FIRST = LocalExecutorConfig.WorkerUids.DEFAULT.first();

    @TempDir
    Path home;
    ExecutorFixture fixture;
    final ExitRecorder exits = new ExitRecorder();

    @BeforeEach
    void start() throws IOException {
        // As the server leaves its home: others may pass through, not list or read.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        fixture = new ExecutorFixture(home.resolve("attempts"));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void each_project_gets_a_uid_of_its_own_kept_across_restarts() throws IOException {
        LocalProcessExecutor first = isolating();
        LaunchSpec a = Launches.shell("id -u; id -G; echo home=$HOME; pwd; echo path=$PATH").project("alpha").build();
        LaunchSpec b = Launches.shell("id -u").project("beta").build();
        fixture.launch(first, a);
        fixture.launch(first, b);
        exits.awaitExit(a.attempt());
        exits.awaitExit(b.attempt());
        first.close();
        LocalProcessExecutor second = isolating();
        LaunchSpec again = Launches.shell("id -u").project("alpha").build();
        fixture.launch(second, again);
        exits.awaitExit(again.attempt());

        String alpha = output(a);
        assertThat(alpha.lines().toList()).startsWith(Integer.toString(FIRST), Integer.toString(FIRST));
        Path work = fixture.dir(a.attempt()).resolve(AttemptDirectory.WORK);
        assertThat(alpha).contains("home=" + work).contains(work.toString()).contains("path=" + LocalProcessExecutor.SYSTEM_PATH);
        assertThat(output(b).strip()).isEqualTo(Integer.toString(FIRST + 1));
        assertThat(output(again).strip()).as("alpha keeps its uid after a restart").isEqualTo(Integer.toString(FIRST));
        assertThat(Files.getAttribute(work, "unix:uid")).isEqualTo(FIRST);
        assertThat(Files.getAttribute(fixture.dir(a.attempt()), "unix:uid")).as("the records stay the server's").isEqualTo(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("worker-users")))).isEqualTo("rw-------");
    }

    @Test
    void a_worker_cannot_read_the_servers_secrets_nor_another_projects_environment() throws IOException {
        LocalProcessExecutor executor = isolating();
        Path credentials = Files.writeString(home.resolve("credentials"), "token=lep_secret_admin");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        LaunchSpec holder = Launches.command("sleep", "30").project("alpha").env("SECRET", "s3cret-alpha").build();
        fixture.launch(executor, holder);
        await().until(() -> !fixture.proc.pidsByEnvironment(LocalProcessExecutor.ATTEMPT_ID_VARIABLE)
                .getOrDefault(holder.attempt().toString(), java.util.List.of()).isEmpty());
        LaunchSpec snoop = Launches.shell("cat '" + credentials + "' 2>&1; for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f 2>/dev/null; done; "
                + "echo x > '" + fixture.dir(holder.attempt()).resolve(AttemptDirectory.WORK) + "/planted' 2>&1; kill -0 1 2>&1; echo snoop-done")
                .project("beta").build();
        fixture.launch(executor, snoop);
        exits.awaitExit(snoop.attempt());

        String seen = output(snoop);
        assertThat(seen).contains("snoop-done").contains("Permission denied").doesNotContain("lep_secret_admin").doesNotContain("s3cret-alpha");
        assertThat(fixture.dir(holder.attempt()).resolve(AttemptDirectory.WORK).resolve("planted")).doesNotExist();
        executor.stop(holder.attempt(), java.time.Duration.ofSeconds(1));
    }

    private LocalProcessExecutor isolating() {
        LocalProcessExecutor executor = fixture.isolatingExecutor(exits);
        assumeThat(executor.isolation()).as("the tests run as root, with setpriv").isEqualTo(WorkerUsers.PROJECT_USER);
        return executor;
    }

    private String output(LaunchSpec spec) throws IOException {
        return Files.readString(fixture.dir(spec.attempt()).resolve(AttemptDirectory.LOG));
    }
}
