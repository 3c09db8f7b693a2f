package dev.lepton.server.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replicas start from the class-data archive beside the jar only while it is newer than the jar and the java. (The archive's making: ServeModelJarIT.) */
class ModelServerCommandTest {
    private static final Instant T = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void without_an_archive_a_replica_runs_the_jar_alone(@TempDir Path dir) throws IOException {
        ModelServerCommand command = ModelServerCommand.of(file(dir.resolve("java"), T), file(dir.resolve("lepton.jar"), T));

        assertThat(command.isCurrent()).isFalse();
        assertThat(command.line()).containsExactly(dir.resolve("java").toString(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-jar", dir.resolve("lepton.jar").toString(), "serve-model");
    }

    @Test
    void an_archive_newer_than_the_jar_and_the_java_is_started_from(@TempDir Path dir) throws IOException {
        ModelServerCommand command = ModelServerCommand.of(file(dir.resolve("java"), T), file(dir.resolve("lepton.jar"), T));
        file(dir.resolve("lepton.serve-model.jsa"), T.plusSeconds(1));

        assertThat(command.isCurrent()).isTrue();
        assertThat(command.line()).contains("-XX:SharedArchiveFile=" + dir.resolve("lepton.serve-model.jsa"), "-Xlog:cds=off")
                .endsWith("-jar", dir.resolve("lepton.jar").toString(), "serve-model");
    }

    @Test
    void a_newer_jar_or_java_makes_the_archive_stale(@TempDir Path dir) throws IOException {
        Path java = file(dir.resolve("java"), T);
        Path jar = file(dir.resolve("lepton.jar"), T);
        file(dir.resolve("lepton.serve-model.jsa"), T.plusSeconds(10));
        ModelServerCommand command = ModelServerCommand.of(java, jar);

        Files.setLastModifiedTime(jar, FileTime.from(T.plusSeconds(20)));
        assertThat(command.isCurrent()).as("after a rebuild of the jar").isFalse();
        assertThat(command.line()).noneMatch(option -> option.startsWith("-XX:SharedArchiveFile"));

        Files.setLastModifiedTime(jar, FileTime.from(T));
        Files.setLastModifiedTime(java, FileTime.from(T.plusSeconds(20)));
        assertThat(command.isCurrent()).as("after an update of the JDK").isFalse();
    }

    private static Path file(Path path, Instant modified) throws IOException {
        Files.writeString(path, path.getFileName().toString());
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }
}
