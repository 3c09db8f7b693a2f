package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiToken;
import dev.lepton.api.v1.ApiUser;
import dev.lepton.api.v1.ApiUserRequest;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import dev.lepton.client.LeptonClient;
import dev.lepton.core.auth.Role;
import dev.lepton.core.event.AuditEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster admin administers people through the API: anyone's tokens, roles, disabling, enabling
 * and deleting; each change holds from the next request on, and the cluster is never left without
 * an admin who can sign in.
 */
class PeopleAdministrationTest {
    @TempDir
    Path home;

    @Test
    void an_admin_lists_and_revokes_anyones_tokens_and_others_may_not() {
        try (TestServer server = TestServer.start(home)) {
            LeptonClient alice = server.userClient("alice", "default", "viewer");
            ApiToken laptop = alice.createToken();
            LeptonClient fromLaptop = server.client(laptop.token());

            assertThat(server.admin.tokensOf("alice")).extracting(ApiToken::id).hasSize(2).contains(laptop.id());
            assertThat(server.admin.allTokens()).extracting(ApiToken::user).containsExactly("admin", "alice", "alice");
            assertThat(server.admin.allTokens()).extracting(ApiToken::token).containsOnlyNulls();
            assertStatus(() -> alice.tokensOf("admin"), 403);
            assertStatus(alice::allTokens, 403);
            assertThat(alice.tokensOf("alice")).hasSize(2);
            assertStatus(() -> server.admin.tokensOf("ghost"), 404);
            String adminToken = server.admin.tokens().getFirst().id();
            assertStatus(() -> alice.revokeToken(adminToken), 404);

            ApiToken revoked = server.admin.revokeToken(laptop.id());

            assertThat(revoked.user()).isEqualTo("alice");
            assertStatus(fromLaptop::whoami, 401);
            assertThat(alice.whoami().name()).isEqualTo("alice");
            assertThat(audit(server)).anyMatch(e -> e.action().equals("token.revoke") && e.target().equals("token/" + laptop.id())
                    && e.allowed() && e.detail().equals("of user alice"));
            assertThat(audit(server)).anyMatch(e -> e.action().equals("token.list") && !e.allowed() && e.actor().equals("alice"));
        }
    }

    @Test
    void a_changed_or_removed_role_applies_from_the_next_request() {
        try (TestServer server = TestServer.start(home)) {
            LeptonClient alice = server.userClient("alice", "default", "viewer");
            assertStatus(() -> alice.createJob(job("first"), false, Optional.empty()), 403);

            ApiUser editor = server.admin.setRole("alice", "default", "editor");

            assertThat(editor.roles()).containsExactlyEntriesOf(Map.of("default", "editor"));
            assertThat(alice.createJob(job("first"), false, Optional.empty()).metadata().name()).isEqualTo("first");
            assertThat(server.admin.setRole("alice", "vision", "viewer").roles()).containsOnlyKeys("default", "vision");

            ApiUser removed = server.admin.removeRole("alice", "default");

            assertThat(removed.roles()).containsOnlyKeys("vision");
            assertStatus(() -> alice.jobs(Optional.of("default"), Optional.empty(), 10, Optional.empty()), 403);
            assertThat(alice.whoami().roles()).containsOnlyKeys("vision");
            assertThat(server.admin.job("default", "first").metadata().name()).as("her job stays").isEqualTo("first");
            assertThat(audit(server)).anyMatch(e -> e.action().equals("user.set-role") && e.detail().equals("editor in default"))
                    .anyMatch(e -> e.action().equals("user.remove-role") && e.detail().equals("no role in default"));
        }
    }

    @Test
    void bad_input_names_the_field_and_the_value() {
        try (TestServer server = TestServer.start(home)) {
            server.userClient("alice", "default", "viewer");

            assertRefused(() -> server.admin.setRole("alice", "default", "owner"), 400, "role: unknown role 'owner'; use admin, editor or viewer");
            assertRefused(() -> server.admin.setRole("alice", "Bad_Project", "viewer"), 400, "project: must be 1-63 lowercase");
            assertRefused(() -> server.admin.setRole("Alice", "default", "viewer"), 400, "name: must be 1-63 lowercase");
            assertRefused(() -> server.admin.setRole("bob", "default", "viewer"), 404, "user 'bob' not found");
            assertRefused(() -> server.admin.removeRole("alice", "vision"), 404, "project: user 'alice' has no role in 'vision'");
            assertRefused(() -> server.admin.disableUser("bob"), 404, "user 'bob' not found");
            assertRefused(() -> server.admin.deleteUser("bob"), 404, "user 'bob' not found");
        }
    }

    @Test
    void a_disabled_user_is_refused_at_once_their_running_job_goes_on_and_enabling_brings_them_back() {
        try (TestServer server = TestServer.start(home)) {
            LeptonClient alice = server.userClient("alice", "default", "editor");
            alice.createJob(ApiJob.of(ObjectMeta.named("long", "default"), spec("sleep", "60")), false, Optional.empty());
            awaitPhase(server, "long", "Running");
            assertThat(alice.whoami().name()).as("her principal is now remembered").isEqualTo("alice");

            ApiUser disabled = server.admin.disableUser("alice");

            assertThat(disabled.disabled()).isTrue();
            assertRefused(alice::whoami, 401, "user 'alice' is disabled; an admin can enable them again (lepton user enable alice)");
            assertThat(server.admin.users()).filteredOn(u -> u.name().equals("alice")).singleElement()
                    .satisfies(u -> assertThat(u.disabled()).isTrue()).satisfies(u -> assertThat(u.roles()).containsKey("default"));
            assertThat(server.admin.job("default", "long").status().phase()).isEqualTo("Running");

            assertThat(server.admin.enableUser("alice").disabled()).isFalse();
            assertThat(alice.whoami().name()).isEqualTo("alice");
            alice.cancelJob("default", "long");
        }
    }

    @Test
    void a_deleted_user_loses_roles_and_tokens_and_their_jobs_stay() {
        try (TestServer server = TestServer.start(home)) {
            LeptonClient alice = server.userClient("alice", "default", "editor");
            alice.createJob(job("hers"), false, Optional.empty());

            ApiUser deleted = server.admin.deleteUser("alice");

            assertThat(deleted.name()).isEqualTo("alice");
            assertThat(deleted.roles()).containsOnlyKeys("default");
            assertStatus(alice::whoami, 401);
            assertThat(server.admin.users()).extracting(ApiUser::name).doesNotContain("alice");
            assertThat(server.admin.allTokens()).extracting(ApiToken::user).doesNotContain("alice");
            assertThat(server.admin.job("default", "hers").metadata().name()).isEqualTo("hers");
            assertThat(server.admin.createUser(new ApiUserRequest("alice", "vision", "viewer")).roles())
                    .as("a new alice starts afresh").containsOnlyKeys("vision");
        }
    }

    @Test
    void the_last_admin_who_can_sign_in_cannot_be_disabled_deleted_demoted_or_left_without_a_token() {
        try (TestServer server = TestServer.start(home)) {
            String adminToken = server.admin.tokens().getFirst().id();
            for (ThrowingCallable change : List.<ThrowingCallable>of(() -> server.admin.disableUser("admin"),
                    () -> server.admin.deleteUser("admin"), () -> server.admin.setRole("admin", "*", "editor"),
                    () -> server.admin.removeRole("admin", "*"), () -> server.admin.revokeToken(adminToken))) {
                assertThatThrownBy(change).isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("FAILED_PRECONDITION");
                    assertThat(e.getMessage()).contains("user 'admin'", "last admin of every project ('*') who can sign in");
                });
            }
            assertThat(server.admin.setRole("admin", "vision", "viewer").roles()).as("other projects are no matter").containsKey("vision");
            assertThat(audit(server)).filteredOn(e -> !e.allowed() && e.target().equals("user/admin"))
                    .extracting(AuditEntry::action).containsExactly("user.disable", "user.delete", "user.set-role", "user.remove-role");
            assertThat(audit(server)).anyMatch(e -> !e.allowed() && e.action().equals("token.revoke") && e.detail().contains("last token"));

            LeptonClient root = server.userClient("root", "*", "admin");
            root.disableUser("root");
            assertStatus(() -> server.admin.disableUser("admin"), 409);   // a disabled admin does not count
            server.admin.enableUser("root");

            assertThat(root.disableUser("admin").disabled()).isTrue();
            assertStatus(server.admin::whoami, 401);
            assertStatus(() -> root.deleteUser("root"), 409);
            root.enableUser("admin");
        }
    }

    @Test
    void a_deleted_first_admin_is_not_created_again_when_the_server_restarts() {
        String rootToken;
        try (TestServer server = TestServer.start(home)) {
            rootToken = server.admin.createUser(new ApiUserRequest("root", "*", "admin")).token();
            server.client(rootToken).deleteUser("admin");
        }
        try (TestServer server = TestServer.start(home)) {
            assertThat(server.client(rootToken).users()).extracting(ApiUser::name).containsExactly("root");
            assertStatus(server.admin::whoami, 401);
        }
    }

    @Test
    void two_admins_taking_each_others_role_at_once_leave_one_of_them() {
        try (TestServer server = TestServer.start(home)) {
            LeptonClient root = server.userClient("root", "*", "admin");

            CompletableFuture<Integer> byAdmin = CompletableFuture.supplyAsync(statusOf(() -> server.admin.removeRole("root", "*")));
            CompletableFuture<Integer> byRoot = CompletableFuture.supplyAsync(statusOf(() -> root.removeRole("admin", "*")));

            // The loser is refused as the last admin (409), or, if it was authenticated after the winner's change, as no admin (403).
            assertThat(List.of(byAdmin.join(), byRoot.join())).containsOnlyOnce(200).hasSize(2).allMatch(s -> s == 200 || s == 409 || s == 403);
            List<String> admins = server.server.store().read(tx -> tx.users().enabledWithRoleEverywhere(Role.ADMIN));
            assertThat(admins).hasSize(1);
        }
    }

    private static Supplier<Integer> statusOf(Runnable call) {
        return () -> {
            try {
                call.run();
                return 200;
            } catch (ApiException e) {
                return e.status();
            }
        };
    }

    private static void awaitPhase(TestServer server, String job, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> server.admin.job("default", job).status().phase().equals(phase));
    }

    private static List<AuditEntry> audit(TestServer server) {
        return server.server.store().read(tx -> tx.audit().list(0, 10_000));
    }

    private static ApiJob job(String name) {
        return ApiJob.of(ObjectMeta.named(name, "default"), spec("true"));
    }

    private static ApiJobSpec spec(String... command) {
        return new ApiJobSpec(List.of(command), null, null, null, null, null, null, null, null, null, null, null);
    }

    private static void assertStatus(ThrowingCallable call, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    private static void assertRefused(ThrowingCallable call, int status, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(status))
                .message().contains(detail);
    }
}
