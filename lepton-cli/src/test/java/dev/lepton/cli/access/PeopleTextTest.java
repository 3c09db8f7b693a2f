package dev.lepton.cli.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.cli.TestTerminal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How people, their projects and their roles read in a terminal. */
class PeopleTextTest {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path home;

    @Test
    void whoami_names_each_project_with_a_role_and_every_project_for_star() {
        assertThat(Roles.projects(Map.of("vision", "viewer", "default", "editor"))).isEqualTo("default (editor), vision (viewer)");
        assertThat(Roles.projects(Map.of("*", "admin", "ml", "viewer"))).isEqualTo("every project (admin), ml (viewer)");
        assertThat(Roles.projects(Map.of())).isEqualTo("none");
    }

    @Test
    void the_role_that_holds_in_a_project_is_the_higher_of_its_own_and_the_one_everywhere() {
        assertThat(Roles.effective(Map.of("*", "viewer", "ml", "admin"), "ml")).contains("admin");
        assertThat(Roles.effective(Map.of("*", "editor", "ml", "viewer"), "ml")).contains("editor");
        assertThat(Roles.effective(Map.of("*", "viewer"), "vision")).contains("viewer");
        assertThat(Roles.effective(Map.of("ml", "viewer"), "vision")).isEmpty();
    }

    @Test
    void the_user_list_says_who_is_disabled() {
        String table = UserListCommand.table(List.of(
                new ApiUser("admin", Map.of("*", "admin"), NOW.minusSeconds(7200), null, false),
                new ApiUser("alice", Map.of("default", "editor", "vision", "viewer"), NOW.minusSeconds(300), null, true)), NOW);

        assertThat(table).isEqualTo("""
                NAME    ROLES                          STATUS     AGE
                admin   *=admin                        active     2h
                alice   default=editor,vision=viewer   disabled   5m
                """);
    }

    @Test
    void token_list_takes_a_user_or_all_not_both() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run("token", "list", "--user", "alice", "--all", "--server", "http://127.0.0.1:9", "--token", "lep_x")).isEqualTo(2);
        assertThat(terminal.err()).startsWith("error: --user and --all: give one or the other");
    }

    @Test
    void a_role_that_does_not_exist_is_a_usage_error_naming_the_choices() {
        TestTerminal terminal = new TestTerminal(home);

        assertThat(terminal.run("user", "set-role", "alice", "--role", "owner")).isEqualTo(2);
        assertThat(terminal.err()).contains("--role", "owner", "ADMIN, EDITOR, VIEWER");
        assertThat(terminal.err().lines()).first().asString().startsWith("error: ");
    }
}
