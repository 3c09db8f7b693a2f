package dev.lepton.cli.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeSnapshotTest {
    @TempDir
    Path dir;

    private final List<CodeSnapshot> packed = new ArrayList<>();

    @AfterEach
    void deleteArchives() throws IOException {
        for (CodeSnapshot snapshot : packed) {
            Files.deleteIfExists(snapshot.archive());
        }
    }

    @Test
    void gitignore_and_leptonignore_decide_what_ships_and_git_never_does() throws IOException {
        write("train.py", "print(1)");
        write("data.txt", "x");
        write(".git/HEAD", "ref: refs/heads/main");
        write("build/out.o", "x");
        write("logs/a.log", "x");
        write("logs/keep.log", "x");
        write("src/model.pyc", "x");
        write("src/model.py", "x");
        write("src/.gitignore", "# generated\n*.tmp\n");
        write("src/scratch.tmp", "x");
        write("notes/secret.txt", "x");
        write("big.bin", "x");
        write(".gitignore", "# build output\nbuild/\n*.pyc\nlogs/*.log\n!logs/keep.log\n/big.bin\n");
        write(".leptonignore", "notes/\n");

        assertThat(entries(pack())).containsExactly(".gitignore", ".leptonignore", "data.txt", "logs/", "logs/keep.log", "src/", "src/.gitignore", "src/model.py", "train.py");
    }

    @Test
    void an_unchanged_directory_packs_to_the_same_hash_whatever_its_timestamps_and_a_change_to_another() throws IOException {
        write("train.sh", "cat data.txt");
        write("data.txt", "lepton-code-ok");
        String first = pack().sha256();
        Files.setLastModifiedTime(dir.resolve("data.txt"), FileTime.fromMillis(1_000_000));

        assertThat(pack().sha256()).isEqualTo(first).matches("[0-9a-f]{64}");
        write("data.txt", "changed");
        assertThat(pack().sha256()).isNotEqualTo(first);
    }

    @Test
    void the_executable_bit_and_links_inside_ship_and_links_outside_are_left_out_and_named() throws IOException {
        write("run.sh", "echo hi");
        dir.resolve("run.sh").toFile().setExecutable(true);
        write("data/a.txt", "a");
        Files.createSymbolicLink(dir.resolve("latest"), Path.of("data/a.txt"));
        Files.createSymbolicLink(dir.resolve("etc"), Path.of("/etc"));

        CodeSnapshot snapshot = pack();

        assertThat(entries(snapshot)).contains("run.sh", "latest").doesNotContain("etc");
        assertThat(snapshot.skippedLinks()).containsExactly("etc -> /etc");
        assertThat(modes(snapshot)).contains("run.sh:755", "data/a.txt:644");
    }

    @Test
    void a_directory_over_the_cap_is_refused_naming_its_size_and_the_cap() throws IOException {
        byte[] random = new byte[300_000];
        new java.util.Random(1).nextBytes(random);
        Files.write(dir.resolve("weights.bin"), random);

        assertThatThrownBy(() -> CodeSnapshot.pack(dir, 100_000)).isInstanceOf(CodeSnapshot.TooLargeException.class)
                .hasMessage("over the 97.7KiB cap: its 1 files hold 293.0KiB; leave out what the job does not need in .leptonignore (gitignore syntax)");
    }

    @Test
    void globs_double_stars_anchors_and_classes_match_as_in_git() {
        IgnoreRules rules = IgnoreRules.parse("**/cache/\n/top.txt\ndocs/**/*.md\nfile[0-9].txt\n\\#literal\nlast?\n");

        assertThat(rules.verdict("a/b/cache", true)).isEqualTo(IgnoreRules.Verdict.IGNORE);
        assertThat(rules.verdict("a/b/cache", false)).as("dir/ matches directories only").isEqualTo(IgnoreRules.Verdict.NONE);
        assertThat(rules.verdict("top.txt", false)).isEqualTo(IgnoreRules.Verdict.IGNORE);
        assertThat(rules.verdict("sub/top.txt", false)).as("anchored").isEqualTo(IgnoreRules.Verdict.NONE);
        assertThat(rules.verdict("docs/x/y/readme.md", false)).isEqualTo(IgnoreRules.Verdict.IGNORE);
        assertThat(rules.verdict("docs/readme.md", false)).isEqualTo(IgnoreRules.Verdict.IGNORE);
        assertThat(rules.verdict("sub/file7.txt", false)).isEqualTo(IgnoreRules.Verdict.IGNORE);
        assertThat(rules.verdict("fileA.txt", false)).isEqualTo(IgnoreRules.Verdict.NONE);
        assertThat(rules.verdict("#literal", false)).isEqualTo(IgnoreRules.Verdict.IGNORE);
        assertThat(rules.verdict("last1", false)).isEqualTo(IgnoreRules.Verdict.IGNORE);
        assertThat(rules.verdict("last12", false)).isEqualTo(IgnoreRules.Verdict.NONE);
    }

    private CodeSnapshot pack() throws IOException {
        CodeSnapshot snapshot = CodeSnapshot.pack(dir, CodeSnapshot.MAX_BYTES);
        packed.add(snapshot);
        return snapshot;
    }

    private void write(String name, String text) throws IOException {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), text);
    }

    private static List<String> entries(CodeSnapshot snapshot) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(snapshot.archive());
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static List<String> modes(CodeSnapshot snapshot) throws IOException {
        List<String> modes = new ArrayList<>();
        try (InputStream in = Files.newInputStream(snapshot.archive());
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                modes.add(e.getName() + ":" + Integer.toOctalString(e.getMode() & 0777));
            }
        }
        return modes;
    }
}
