package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiAuditEntry;
import dev.lepton.api.v1.ApiAuditVerification;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiList;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import dev.lepton.client.AuditFilter;
import dev.lepton.client.LeptonClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/audit} and {@code GET /api/v1/audit/verify} over real HTTP, on a real server and its SQLite file. */
class AuditApiTest {
    @TempDir
    Path home;

    @Test
    void the_audit_list_filters_by_actor_project_action_and_time_and_pages_with_a_cursor() {
        try (TestServer server = TestServer.start(home)) {
            LeptonClient alice = server.userClient("alice", "ml", "viewer");
            server.admin.createJob(job("train", "ml"), false, Optional.empty());
            server.admin.createJob(job("eval", "vision"), false, Optional.empty());
            assertThatThrownBy(() -> alice.createJob(job("sneaky", "ml"), false, Optional.empty())).isInstanceOf(ApiException.class);
            List<ApiAuditEntry> all = everything(server.admin, AuditFilter.none(), 2);

            assertThat(all).extracting(ApiAuditEntry::seq).isSorted().doesNotHaveDuplicates();
            assertThat(all).extracting(ApiAuditEntry::action).contains("user.create", "job.create");
            assertThat(everything(server.admin, filter().actor("alice"), 100)).singleElement()
                    .satisfies(e -> assertThat(e.allowed()).isFalse()).extracting(ApiAuditEntry::target).isEqualTo("project/ml");
            assertThat(everything(server.admin, filter().project("ml"), 100)).extracting(ApiAuditEntry::target)
                    .containsExactly("job/ml/train", "project/ml");
            assertThat(everything(server.admin, filter().action("job.create").actor("admin"), 100)).extracting(ApiAuditEntry::target)
                    .containsExactly("job/ml/train", "job/vision/eval");
            Instant since = all.get(1).at();
            Instant until = all.getLast().at();
            assertThat(everything(server.admin, filter().since(since).until(until), 100))
                    .containsExactlyElementsOf(all.stream().filter(e -> !e.at().isBefore(since) && e.at().isBefore(until)).toList());
        }
    }

    @Test
    void a_time_bound_that_is_not_an_instant_is_refused_naming_the_parameter() {
        try (TestServer server = TestServer.start(home)) {
            assertThatThrownBy(() -> server.admin.audit(filter().rawSince("yesterday").build(), 10, Optional.empty()))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining("since: must be an ISO-8601 instant").hasMessageContaining("'yesterday'");
        }
    }

    @Test
    void verify_answers_the_rows_checked_and_the_listed_heads_hash_and_after_a_row_is_edited_in_the_database_names_it() throws SQLException {
        try (TestServer server = TestServer.start(home)) {
            server.userClient("alice", "ml", "viewer");
            server.userClient("bob", "ml", "editor");
            List<ApiAuditEntry> listed = everything(server.admin, AuditFilter.none(), 100);
            long rows = listed.size();

            ApiAuditVerification intact = server.admin.verifyAudit();

            assertThat(intact.verified()).isTrue();
            assertThat(intact.rows()).isEqualTo(rows);
            assertThat(intact.headHash()).matches("[0-9a-f]{64}").as("the list shows each entry's hash").isEqualTo(listed.getLast().hash());
            assertThat(intact.headSeq()).isEqualTo(listed.getLast().seq());
            assertThat(intact.firstBadSeq()).isNull();

            long edited = everything(server.admin, filter().actor("admin").action("user.create"), 100).get(1).seq();
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("lepton.db")); Statement sql = db.createStatement()) {
                sql.executeUpdate("UPDATE audit_log SET detail = 'admin in *' WHERE seq = " + edited);
            }

            ApiAuditVerification tampered = server.admin.verifyAudit();

            assertThat(tampered.verified()).isFalse();
            assertThat(tampered.firstBadSeq()).isEqualTo(edited);
            assertThat(tampered.reason()).startsWith("hash mismatch");
            assertThat(tampered.rows()).isNull();
        }
    }

    /** Every page, following nextCursor. */
    private static List<ApiAuditEntry> everything(LeptonClient client, AuditFilter filter, int pageSize) {
        List<ApiAuditEntry> entries = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            ApiList<ApiAuditEntry> page = client.audit(filter, pageSize, cursor);
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            entries.addAll(page.items());
            cursor = Optional.ofNullable(page.nextCursor());
        } while (cursor.isPresent());
        return entries;
    }

    private static Filter filter() {
        return new Filter();
    }

    private static ApiJob job(String name, String project) {
        return ApiJob.of(ObjectMeta.named(name, project), new ApiJobSpec(List.of("true"), null, null, null, null, null, null, null, null, null, null, null));
    }

    /** A fluent {@link AuditFilter}. */
    private static final class Filter {
        private Optional<String> actor = Optional.empty();
        private Optional<String> project = Optional.empty();
        private Optional<String> action = Optional.empty();
        private Optional<String> since = Optional.empty();
        private Optional<String> until = Optional.empty();

        Filter actor(String name) {
            actor = Optional.of(name);
            return this;
        }

        Filter project(String name) {
            project = Optional.of(name);
            return this;
        }

        Filter action(String name) {
            action = Optional.of(name);
            return this;
        }

        Filter since(Instant at) {
            return rawSince(at.toString());
        }

        Filter rawSince(String text) {
            since = Optional.of(text);
            return this;
        }

        Filter until(Instant at) {
            until = Optional.of(at.toString());
            return this;
        }

        AuditFilter build() {
            return new AuditFilter(actor, project, action, since, until);
        }
    }

    private static List<ApiAuditEntry> everything(LeptonClient client, Filter filter, int pageSize) {
        return everything(client, filter.build(), pageSize);
    }
}
