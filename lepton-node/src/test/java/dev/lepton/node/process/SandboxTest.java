package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.WorkerExit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a sandboxed worker sees: the system read-only, its own tree, an empty private {@code /tmp}, its
 * own processes; not the server's home, other attempts, other processes, {@code /root}, {@code /home},
 * {@code /var} or {@code /run}. (Skipped where the tests are not root or bwrap cannot run.)
 */
class SandboxTest {
    private SandboxHome sandbox;
    private ExecutorFixture fixture;
    private final ExitRecorder exits = new ExitRecorder();

    @BeforeEach
    void start() {
        sandbox = new SandboxHome();
        fixture = sandbox.fixture;
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void a_worker_runs_the_systems_programs_as_its_projects_user_in_its_own_writable_tree() throws IOException {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        LaunchSpec spec = Launches.shell("id -u; echo home=$HOME; echo path=$PATH; echo tmpdir=$TMPDIR; pwd; "
                + "python3 -c 'print(\"python\", 1)'; echo written > out.txt && cat out.txt; ls -d /usr /etc /bin").build();

        fixture.launch(executor, spec);
        WorkerExit exit = exits.awaitExit(spec.attempt());

        Path work = fixture.dir(spec.attempt()).resolve(AttemptDirectory.WORK);
        String seen = sandbox.output(spec);
        assertThat(exit.exitCode()).as(seen).contains(0);
        assertThat(seen.lines().toList()).startsWith(Integer.toString(LocalExecutorConfig.WorkerUids.DEFAULT.first()),
                "home=" + work, "path=" + LocalProcessExecutor.SYSTEM_PATH, "tmpdir=/tmp", work.toString(), "python 1", "written");
        assertThat(work.resolve("out.txt")).hasContent("written");
    }

    /** Programs that name their working directory by its absolute path (Python's http.server serves os.getcwd()) reach it. */
    @Test
    void a_worker_reaches_its_tree_by_its_absolute_path_too() throws IOException {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        LaunchSpec spec = Launches.shell("echo here > mine.txt; python3 -c 'import os; print(os.path.isdir(os.getcwd()), "
                + "open(os.path.join(os.getcwd(), \"mine.txt\")).read().strip())'").build();

        fixture.launch(executor, spec);
        WorkerExit exit = exits.awaitExit(spec.attempt());

        String seen = sandbox.output(spec);
        assertThat(exit.exitCode()).as(seen).contains(0);
        assertThat(seen.strip()).isEqualTo("True here");
    }

    @Test
    void a_worker_sees_neither_the_servers_home_nor_the_hosts_private_directories_nor_its_tmp() throws IOException {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        Path credentials = Files.writeString(sandbox.home.resolve("credentials"), "token=lep_secret_admin");
        LaunchSpec spec = Launches.shell("cat '" + credentials + "' 2>&1; ls '" + sandbox.home + "' 2>&1; "
                + "for d in /root /home /var /run; do [ -e $d ] && echo visible $d; done; "
                + "echo tmp=$(ls -A /tmp | grep -vx '" + mountPointUnderTmp() + "' | wc -l); echo shm=$(ls -A /dev/shm | wc -l); touch /tmp/t /dev/shm/s && echo private-writable; "
                + "touch /usr/x 2>&1; echo seen").build();

        fixture.launch(executor, spec);
        exits.awaitExit(spec.attempt());

        String seen = sandbox.output(spec);
        assertThat(seen).contains("seen", "tmp=0", "shm=0", "private-writable", "Read-only file system")
                .doesNotContain("lep_secret_admin", "visible", "attempts", "worker-users");
        assertThat(fixture.dir(spec.attempt()).resolve(AttemptDirectory.TMP).resolve("t")).as("/tmp is on the attempt's disk").exists();
        assertThat(Path.of("/tmp/t")).as("not the host's /tmp").doesNotExist();
    }

    @Test
    void a_worker_sees_only_its_own_processes_and_not_another_workers_environment() throws IOException {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        LaunchSpec holder = Launches.command("sleep", "30").project("alpha").env("SECRET", "s3cret-alpha").build();
        long holderPid = fixture.launch(executor, holder).pid().orElseThrow();
        await().until(() -> fixture.liveMembers(holderPid).size() >= 4);
        LaunchSpec snoop = Launches.shell("for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f 2>/dev/null; done; "
                + "echo pids=$(ls -d /proc/[0-9]* | wc -l); kill -0 " + holderPid + " 2>&1; echo snoop-done").project("beta").build();

        fixture.launch(executor, snoop);
        exits.awaitExit(snoop.attempt());

        String seen = sandbox.output(snoop);
        assertThat(seen).contains("snoop-done", "No such process").doesNotContain("s3cret-alpha");
        // PID 1 (the sandbox's shell), the worker's shell, and its subshell, ls and wc; the holder alone is four more.
        int pids = Integer.parseInt(seen.lines().filter(l -> l.startsWith("pids=")).findFirst().orElseThrow().substring(5));
        assertThat(pids).as(seen).isLessThanOrEqualTo(5);
        executor.stop(holder.attempt(), Duration.ofSeconds(1));
    }

    @Test
    void a_relative_working_directory_lies_in_the_tree_and_an_absolute_one_is_shown_at_its_own_path() throws IOException {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        Path shared = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sandbox-shared-");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
            LaunchSpec relative = Launches.shell("pwd; echo r > r.txt").workingDir("sub/dir").build();
            LaunchSpec absolute = Launches.shell("pwd; echo a > a.txt").workingDir(shared.toString()).build();

            fixture.launch(executor, relative);
            fixture.launch(executor, absolute);
            exits.awaitExit(relative.attempt());
            exits.awaitExit(absolute.attempt());

            Path sub = fixture.dir(relative.attempt()).resolve(AttemptDirectory.WORK).resolve("sub/dir");
            assertThat(sandbox.output(relative).strip()).isEqualTo(sub.toString());
            assertThat(sub.resolve("r.txt")).hasContent("r");
            assertThat(sandbox.output(absolute).strip()).isEqualTo(shared.toString());
            assertThat(shared.resolve("a.txt")).hasContent("a");
        } finally {
            try (var paths = Files.walk(shared)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void an_absolute_working_directory_that_would_show_the_servers_home_fails_the_launch() {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        for (Path dir : List.of(Path.of("/"), sandbox.home, sandbox.home.resolve("attempts"))) {
            LaunchSpec spec = Launches.shell("true").workingDir(dir.toString()).build();
            assertThatThrownBy(() -> fixture.launch(executor, spec))
                    .hasMessageContaining("would show the server's home");
        }
    }

    @Test
    void shipped_code_is_the_workers_tree() throws IOException {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        String sha = store(Map.of("run.sh", "cat data.txt; echo made > made.txt\n", "data.txt", "lepton-code-ok\n"));
        LaunchSpec spec = Launches.command("sh", "run.sh").code(sha).build();

        fixture.launch(executor, spec);
        WorkerExit exit = exits.awaitExit(spec.attempt());

        assertThat(exit.exitCode()).as(sandbox.output(spec)).contains(0);
        assertThat(sandbox.output(spec)).isEqualTo("lepton-code-ok\n");
        assertThat(fixture.dir(spec.attempt()).resolve(AttemptDirectory.CODE).resolve("made.txt")).hasContent("made");
    }

    /** One gzipped tar of {@code files} (name to text), stored as shipped code; its SHA-256. */
    private String store(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GzipCompressorOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] text = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(text.length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(text);
                tar.closeArchiveEntry();
            }
        }
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
            Files.write(sandbox.home.resolve("code").resolve(sha + LocalProcessExecutor.CODE_SUFFIX), bytes.toByteArray());
            return sha;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where the checkout itself is under {@code /tmp} (a fresh clone in a temporary directory), bwrap
     * makes the directories leading to the worker's tree inside the sandbox's {@code /tmp}: the first
     * of them is not the host's, and is not counted.
     */
    private String mountPointUnderTmp() {
        Path home = sandbox.home.toAbsolutePath();
        return home.startsWith("/tmp/") ? home.getName(1).toString() : "";
    }
}
