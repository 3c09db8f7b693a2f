package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.slf4j.LoggerFactory;

/** Tokens exist in plaintext only in the answer that created them and in the 0600 credentials file. */
class SecretsTest {
    @TempDir
    Path home;

    @Test
    void no_token_appears_in_the_database_files_or_the_logs() throws IOException {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        String adminToken;
        String userToken;
        try (TestServer server = TestServer.start(home)) {
            adminToken = server.adminToken();
            userToken = server.admin.createUser(new ApiUserRequest("alice", "default", "editor")).token();
            server.client(userToken).jobs(Optional.of("default"), Optional.empty(), 10, Optional.empty());
            assertThatThrownBy(() -> server.client("lep_wrong").nodes()).isInstanceOf(ApiException.class);
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
        assertThat(adminToken).startsWith("lep_");
        assertThat(userToken).startsWith("lep_").isNotEqualTo(adminToken);
        for (Path file : databaseFiles()) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString()).doesNotContain(adminToken).doesNotContain(userToken)
                    .doesNotContain(adminToken.substring(4)).doesNotContain(userToken.substring(4));
        }
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(adminToken) || l.contains(userToken));
        assertThat(Files.getPosixFilePermissions(home.resolve("credentials")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    private List<Path> databaseFiles() throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().startsWith("lepton.db")).toList();
        }
    }
}
