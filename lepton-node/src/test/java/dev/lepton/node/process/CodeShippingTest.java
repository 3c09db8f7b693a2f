package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker with shipped code starts in its own unpacked copy; an archive that reaches outside is refused. */
class CodeShippingTest {
    @TempDir
    Path home;

    private ExecutorFixture fixture;
    private final ExitRecorder exits = new ExitRecorder();
    private LocalProcessExecutor executor;

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(home.resolve("code"));
        fixture = new ExecutorFixture(home.resolve("attempts"));
        executor = fixture.executor(exits);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void a_worker_starts_in_its_unpacked_code_and_reads_a_relative_file() throws IOException {
        String sha = store(archive(file("data.txt", "lepton-code-ok\n", 0644), file("bin/run.sh", "cat ../data.txt\n", 0755)));
        LaunchSpec spec = Launches.shell("pwd -P; cat data.txt; test -x bin/run.sh && echo executable").code(sha).build();

        fixture.launch(executor, spec);

        assertThat(exits.awaitExit(spec.attempt()).exitCode()).contains(0);
        assertThat(log(spec)).isEqualTo(fixture.dir(spec.attempt()).resolve("code").toRealPath() + "\nlepton-code-ok\nexecutable\n");
    }

    @Test
    void a_relative_working_directory_is_inside_the_code_and_made_if_missing() throws IOException {
        String sha = store(archive(file("data.txt", "x\n", 0644)));
        LaunchSpec spec = Launches.shell("pwd -P").code(sha).workingDir("out/run1").build();

        fixture.launch(executor, spec);

        assertThat(exits.awaitExit(spec.attempt()).exitCode()).contains(0);
        assertThat(log(spec)).isEqualTo(fixture.dir(spec.attempt()).resolve("code/out/run1").toRealPath() + "\n");
    }

    @Test
    void without_code_a_relative_working_directory_is_inside_the_attempt_directory_and_an_absolute_one_is_used_as_is() throws IOException {
        LaunchSpec relative = Launches.shell("pwd -P").workingDir("scratch").build();
        LaunchSpec absolute = Launches.shell("pwd -P").workingDir(home.toString()).build();

        fixture.launch(executor, relative);
        fixture.launch(executor, absolute);
        exits.awaitExit(relative.attempt());
        exits.awaitExit(absolute.attempt());

        assertThat(log(relative)).isEqualTo(fixture.dir(relative.attempt()).resolve("scratch").toRealPath() + "\n");
        assertThat(log(absolute)).isEqualTo(home.toRealPath() + "\n");
        assertThat(fixture.dir(absolute.attempt()).resolve(AttemptDirectory.EXIT_CODE)).as("records stay in the attempt directory").exists();
    }

    @Test
    void a_working_directory_that_leaves_the_code_or_does_not_exist_fails_the_launch() {
        assertThatThrownBy(() -> executor.launch(Launches.shell("true").workingDir("../../elsewhere").build()))
                .isInstanceOf(LaunchFailedException.class).hasMessageContaining("working directory ../../elsewhere leaves");
        assertThatThrownBy(() -> executor.launch(Launches.shell("true").workingDir("/no/such/dir").build()))
                .isInstanceOf(LaunchFailedException.class).hasMessageContaining("working directory /no/such/dir does not exist");
        assertThatThrownBy(() -> executor.launch(Launches.shell("true").code("0".repeat(64)).build()))
                .isInstanceOf(LaunchFailedException.class).hasMessageContaining("no code snapshot " + "0".repeat(64));
    }

    @Test
    void an_archive_that_writes_outside_its_directory_is_refused() throws IOException {
        for (byte[] evil : new byte[][] {
                archive(file("../escaped.txt", "x", 0644)),
                archive(file("/tmp/escaped-absolute.txt", "x", 0644)),
                archive(link("out", "/"), file("out/escaped.txt", "x", 0644)),
                archive(link("up", "../.."), file("up/escaped.txt", "x", 0644))}) {
            LaunchSpec spec = Launches.shell("true").code(store(evil)).build();

            assertThatThrownBy(() -> executor.launch(spec)).isInstanceOf(LaunchFailedException.class)
                    .hasMessageMatching(".*entry .* (would be written outside|links outside|through the symbolic link).*");
        }
        assertThat(home.resolve("attempts").resolve("escaped.txt")).doesNotExist();
        assertThat(Path.of("/escaped.txt")).doesNotExist();
        assertThat(Path.of("/tmp/escaped-absolute.txt")).doesNotExist();
    }

    @Test
    void a_link_that_stays_inside_the_code_is_kept() throws IOException {
        String sha = store(archive(file("data/a.txt", "inside\n", 0644), link("latest", "data/a.txt")));
        LaunchSpec spec = Launches.shell("cat latest").code(sha).build();

        fixture.launch(executor, spec);

        assertThat(exits.awaitExit(spec.attempt()).exitCode()).contains(0);
        assertThat(log(spec)).isEqualTo("inside\n");
    }

    private String log(LaunchSpec spec) throws IOException {
        return Files.readString(fixture.dir(spec.attempt()).resolve(AttemptDirectory.LOG));
    }

    private String store(byte[] archive) throws IOException {
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
            Files.write(home.resolve("code").resolve(sha + LocalProcessExecutor.CODE_SUFFIX), archive);
            return sha;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Entry {
        void writeTo(TarArchiveOutputStream tar) throws IOException;
    }

    private static Entry file(String name, String text, int mode) {
        return tar -> {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(bytes.length);
            entry.setMode(mode);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        };
    }

    private static Entry link(String name, String target) {
        return tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        };
    }

    private static byte[] archive(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GzipCompressorOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                entry.writeTo(tar);
            }
        }
        return bytes.toByteArray();
    }
}
