package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiCodeSnapshot;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiNode;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRetry;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import dev.lepton.client.LeptonClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource limits that end a job OOMKilled, and code that travels with a job, through the real API and real processes. */
class LimitsAndCodeEndToEndTest extends SharedServer {
    @TempDir
    Path scratch;

    private static ApiJob job(String name, ApiJobSpec spec) {
        return ApiJob.of(ObjectMeta.named(name, null), spec);
    }

    private static ApiJobSpec spec(List<String> command, ApiResources resources, ApiRetry retry) {
        return new ApiJobSpec(command, null, null, resources, null, null, null, null, null, retry, null, null);
    }

    @Test
    void a_job_over_its_memory_limit_ends_oom_killed_after_its_retries_and_says_so_in_status_and_events() {
        server.admin.createJob(job("hog", spec(List.of("python3", "-c", "import time; b = bytearray(600 * 1024 * 1024); time.sleep(20)"),
                new ApiResources(null, "64Mi", null), new ApiRetry(1, "100ms", null))), false, Optional.empty());

        ApiJob done = server.admin.waitForJob("default", "hog", Duration.ofSeconds(90));

        assertThat(done.status().phase()).isEqualTo("Failed");
        assertThat(done.status().failures()).as("retried once, as its policy says").isEqualTo(2);
        assertThat(done.status().workers().get(0).reason()).isEqualTo("OOMKilled");
        assertThat(done.status().message()).startsWith("worker was OOMKilled: it used more than its memory limit of 64MiB");
        assertThat(server.admin.jobEvents("default", "hog")).extracting(e -> e.message()).anyMatch(m -> m.contains("OOMKilled"));
    }

    @Test
    void the_node_says_how_it_enforces_limits() {
        assertThat(server.admin.nodes()).extracting(ApiNode::resourceEnforcement).singleElement()
                .isIn("cgroup-v2", "cgroup-v1", "watch");
    }

    @Test
    void a_job_with_uploaded_code_starts_in_it_and_sees_its_environment() throws IOException {
        byte[] archive = archive("data.txt", "lepton-code-ok\n");
        String sha = sha256(archive);
        Path file = Files.write(scratch.resolve("code.tar.gz"), archive);
        assertThat(server.admin.hasCode("default", sha)).isFalse();

        ApiCodeSnapshot uploaded = server.admin.uploadCode("default", sha, file);
        server.admin.createJob(job("shipped", spec(List.of("sh", "-c", "cat data.txt; echo code=$LEPTON_CODE local=$LOCAL_WORLD_SIZE omp=$OMP_NUM_THREADS"),
                new ApiResources("2", null, null), null).withCode("sha256:" + sha)), false, Optional.empty());
        ApiJob done = server.admin.waitForJob("default", "shipped", Duration.ofSeconds(120));

        assertThat(uploaded).isEqualTo(new ApiCodeSnapshot(sha, "default", archive.length));
        assertThat(server.admin.hasCode("default", sha)).isTrue();
        assertThat(done.status().phase()).isEqualTo("Succeeded");
        assertThat(done.spec().code()).isEqualTo("sha256:" + sha);
        assertThat(logs("shipped")).isEqualTo("lepton-code-ok\ncode=" + sha + " local=1 omp=2\n");
    }

    @Test
    void a_snapshot_is_checked_against_its_hash_and_seen_only_by_the_projects_that_sent_it() throws IOException {
        byte[] archive = archive("a.txt", "a");
        String sha = sha256(archive);
        Path file = Files.write(scratch.resolve("a.tar.gz"), archive);
        Path other = Files.write(scratch.resolve("b.tar.gz"), archive("b.txt", "b"));
        Path notGzip = Files.writeString(scratch.resolve("plain.txt"), "plain");
        LeptonClient editor = server.userClient("coder", "team", "editor");

        assertThatThrownBy(() -> server.admin.uploadCode("default", sha, other)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).contains("body: hashes to sha256:").contains("not the sha256:" + sha));
        assertThatThrownBy(() -> server.admin.uploadCode("default", sha256(Files.readAllBytes(notGzip)), notGzip))
                .hasMessageContaining("body: not a gzip tar");
        assertThatThrownBy(() -> server.admin.hasCode("default", "abc")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).as("a HEAD answer has no body to name the field").isEqualTo(400));
        server.admin.uploadCode("default", sha, file);
        assertThat(editor.hasCode("team", sha)).as("another project does not see it").isFalse();
        assertThatThrownBy(() -> editor.createJob(ApiJob.of(ObjectMeta.named("borrowed", "team"),
                spec(List.of("true"), null, null).withCode("sha256:" + sha)), false,
                Optional.empty())).hasMessageContaining("spec.code: project team has no snapshot sha256:" + sha);
        editor.uploadCode("team", sha, file);
        assertThat(editor.hasCode("team", sha)).isTrue();
    }

    @Test
    void a_snapshot_larger_than_an_ordinary_request_body_is_accepted() throws IOException {
        byte[] random = new byte[3 << 20];
        new java.util.Random(3).nextBytes(random);
        byte[] archive = archive("weights.bin", new String(random, StandardCharsets.ISO_8859_1));
        Path file = Files.write(scratch.resolve("big.tar.gz"), archive);

        ApiCodeSnapshot uploaded = server.admin.uploadCode("default", sha256(archive), file);

        assertThat(archive.length).as("over the 1 MiB limit of other requests").isGreaterThan(1 << 20);
        assertThat(uploaded.sizeBytes()).isEqualTo(archive.length);
    }

    @Test
    void a_code_reference_or_working_directory_that_cannot_be_right_is_refused_naming_the_field() {
        assertThatThrownBy(() -> server.admin.createJob(job("local-path", spec(List.of("true"), null, null).withCode(".")), true, Optional.empty()))
                .hasMessageContaining("spec.code: must name an uploaded snapshot as sha256:<64 lowercase hex digits> (got '.')");
        ApiJobSpec escaping = new ApiJobSpec(List.of("true"), null, null, null, null, null, null, null, null, null, null, null).withWorkingDir("../up");
        assertThatThrownBy(() -> server.admin.createJob(job("escaping", escaping), true, Optional.empty()))
                .hasMessageContaining("spec.workingDir: a relative path must stay inside the code (no '..')");
    }

    private static String logs(String name) throws IOException {
        try (InputStream in = server.admin.jobLogs("default", name, 0, false)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A gzip tar holding one file, as `lepton job run --code` uploads it. */
    static byte[] archive(String name, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GzipCompressorOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        return AccessMatrixTest.sha256(bytes);
    }
}
