package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiUserRequest;
import dev.lepton.client.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tokens exist in plaintext only in the answer that created them and in the 0600 credentials file. */
class SecretsTest {
    @TempDir
    Path home;

    @Test
    void no_token_appears_in_the_database_files_or_the_logs() throws IOException {
        String adminToken;
        String userToken;
        List<String> logged;
        try (LogCapture logs = new LogCapture()) {
            try (TestServer server = TestServer.start(home)) {
                adminToken = server.adminToken();
                userToken = server.admin.createUser(new ApiUserRequest("alice", "default", "editor")).token();
                server.client(userToken).jobs(Optional.of("default"), Optional.empty(), 10, Optional.empty());
                assertThatThrownBy(() -> server.client("lep_wrong").nodes()).isInstanceOf(ApiException.class);
            }
            logged = logs.events();
        }
        assertThat(adminToken).startsWith("lep_");
        assertThat(userToken).startsWith("lep_").isNotEqualTo(adminToken);
        for (Path file : databaseFiles()) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString()).doesNotContain(adminToken).doesNotContain(userToken)
                    .doesNotContain(adminToken.substring(4)).doesNotContain(userToken.substring(4));
        }
        assertThat(logged).as("key/value pairs are seen too").anyMatch(l -> l.contains("dialect=sqlite"))
                .noneMatch(l -> l.contains(adminToken) || l.contains(userToken)
                        || l.contains(adminToken.substring(4)) || l.contains(userToken.substring(4)));
        assertThat(Files.getPosixFilePermissions(home.resolve("credentials")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void the_log_check_would_see_a_secret_in_a_key_value_pair_an_argument_or_an_exception() {
        Logger log = LoggerFactory.getLogger(SecretsTest.class);
        try (LogCapture logs = new LogCapture()) {
            log.atInfo().setMessage("token issued").addKeyValue("token", "lep_in-a-pair").log();
            log.info("token issued", "lep_in-an-unused-argument");
            log.warn("token refused", new IllegalStateException("wrapped", new IllegalArgumentException("lep_in-a-cause")));

            assertThat(logs.events()).anyMatch(l -> l.contains("lep_in-a-pair")).anyMatch(l -> l.contains("lep_in-an-unused-argument"))
                    .anyMatch(l -> l.contains("lep_in-a-cause"));
            assertThat(logs.formattedMessages()).as("what this test used to look at shows none of them")
                    .containsExactly("token issued", "token issued", "token refused");
        }
    }

    private List<Path> databaseFiles() throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().startsWith("lepton.db")).toList();
        }
    }
}
