package dev.lepton.server.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeStoreTest {
    @TempDir
    Path dir;

    @Test
    void a_snapshot_over_the_cap_is_refused_naming_the_cap_and_leaves_nothing_behind() throws Exception {
        byte[] big = gzip(300_000);
        CodeStore store = new CodeStore(dir, 100_000);

        assertThatThrownBy(() -> store.put("default", sha256(big), new ByteArrayInputStream(big)))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_TOO_LARGE))
                .hasMessageStartingWith("code snapshot: over the 97.7KiB cap");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void the_same_bytes_are_stored_once_and_marked_for_each_project_that_sent_them() throws Exception {
        byte[] archive = gzip(10_000);
        String sha = sha256(archive);
        CodeStore store = new CodeStore(dir, CodeStore.DEFAULT_MAX_BYTES);

        CodeStore.Stored first = store.put("a", sha, new ByteArrayInputStream(archive));
        CodeStore.Stored again = store.put("a", sha, new ByteArrayInputStream(archive));
        CodeStore.Stored other = store.put("b", sha, new ByteArrayInputStream(archive));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(other.created()).as("new to project b").isTrue();
        assertThat(store.has("a", sha)).isTrue();
        assertThat(store.has("c", sha)).isFalse();
        assertThat(Files.readAllBytes(dir.resolve(sha + CodeStore.SUFFIX))).isEqualTo(archive);
    }

    private static byte[] gzip(int randomBytes) throws IOException {
        byte[] content = new byte[randomBytes];
        new Random(7).nextBytes(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
