package dev.lepton.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lepton.api.v1.ApiAuditEntry;
import dev.lepton.api.v1.ApiAuditVerification;
import dev.lepton.cli.TestTerminal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lepton audit list} and {@code lepton audit verify}: what they ask the server, what they print, how they exit. */
class AuditCliTest {
    private static final Instant AT = Instant.parse("2025-03-01T11:59:00.123Z");
    private static final String PAGE = """
            {"items": [{"seq": 7, "at": "2025-03-01T11:59:00.123Z", "actor": "alice", "action": "job.create",
                        "target": "job/ml/train", "allowed": true, "detail": ""}]}""";

    @TempDir
    Path home;

    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile String verdict = "{\"verified\": true, \"rows\": 42, \"headSeq\": 42, \"headHash\": \"" + "ab".repeat(32) + "\"}";

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/audit", exchange -> {
            asked.add(URLDecoder.decode(exchange.getRequestURI().toString(), StandardCharsets.UTF_8));
            byte[] body = (exchange.getRequestURI().getPath().endsWith("/verify") ? verdict : PAGE).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopStandIn() {
        server.stop(0);
    }

    @Test
    void list_sends_each_filter_and_a_typed_project_and_prints_a_table() {
        TestTerminal terminal = terminal();

        int exit = terminal.run("audit", "list", "--actor", "alice", "--action", "job.create", "--project", "ml",
                "--since", "2025-03-01T00:00:00Z", "--until", "2025-03-02T00:00:00Z");

        assertThat(exit).as(terminal.err()).isZero();
        assertThat(asked).singleElement().asString().startsWith("/api/v1/audit?")
                .contains("actor=alice", "project=ml", "action=job.create", "since=2025-03-01T00:00:00Z", "until=2025-03-02T00:00:00Z");
        assertThat(terminal.out()).isEqualTo("""
                SEQ   AT                     ACTOR   ACTION       TARGET         ALLOWED   DETAIL
                7     2025-03-01T11:59:00Z   alice   job.create   job/ml/train   yes       -
                """);
    }

    @Test
    void list_filters_by_project_only_when_typed_not_when_it_comes_from_the_environment() {
        TestTerminal terminal = terminal().variable("LEPTON_PROJECT", "vision");

        assertThat(terminal.run("audit", "list", "-o", "json")).isZero();

        assertThat(asked).singleElement().asString().doesNotContain("project=");
        assertThat(terminal.out()).contains("\"target\" : \"job/ml/train\"");
        assertThat(terminal.run("--project", "ml", "audit", "list")).as("typed before the command").isZero();
        assertThat(asked).last().asString().contains("project=ml");
    }

    @Test
    void a_since_that_is_not_an_instant_is_a_usage_error_before_asking_the_server() {
        TestTerminal terminal = terminal();

        assertThat(terminal.run("audit", "list", "--since", "yesterday")).isEqualTo(2);
        assertThat(terminal.err()).startsWith("error: --since: write an ISO-8601 instant");
        assertThat(asked).isEmpty();
    }

    @Test
    void verify_prints_the_rows_verified_and_the_head_and_exits_zero() {
        TestTerminal terminal = terminal();

        assertThat(terminal.run("audit", "verify")).isZero();
        assertThat(terminal.out()).isEqualTo("verified 42 rows\nhead: row 42, hash " + "ab".repeat(32) + "\n");
    }

    @Test
    void verify_names_the_first_bad_row_and_exits_one() {
        verdict = "{\"verified\": false, \"firstBadSeq\": 9, \"reason\": \"hash mismatch: edited\"}";
        TestTerminal terminal = terminal();

        assertThat(terminal.run("audit", "verify")).isEqualTo(1);
        assertThat(terminal.out()).isEqualTo("row 9 does not verify: hash mismatch: edited\n");
    }

    @Test
    void texts_for_people() {
        assertThat(AuditVerifyCommand.text(ApiAuditVerification.broken(3, "why"))).isEqualTo("row 3 does not verify: why");
        assertThat(AuditListCommand.table(List.of(new ApiAuditEntry(1, AT, "bob", "user.delete", "user/alice", false, "x".repeat(80), null))))
                .contains("no").contains("x".repeat(59) + "…").doesNotContain("x".repeat(60));
    }

    private TestTerminal terminal() {
        return new TestTerminal(home).variable("LEPTON_SERVER", "http://127.0.0.1:" + server.getAddress().getPort())
                .variable("LEPTON_TOKEN", "lep_test");
    }
}
