package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code lepton audit list} and {@code lepton audit verify}, the built CLI against the built server and its SQLite file. */
class AuditCliIT extends SharedServerProcess {
    @Test
    void audit_list_shows_who_did_what_and_verify_passes_then_names_a_row_edited_in_the_database() throws Exception {
        server.cli("user", "create", "alice", "--role", "viewer");
        server.cli("user", "create", "bob", "--role", "editor");

        var list = server.cli("audit", "list", "--actor", "admin", "--action", "user.create");
        var json = server.cli("audit", "list", "--actor", "admin", "-o", "json");
        var verified = server.cli("audit", "verify");

        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).contains("SEQ", "ACTOR", "user/alice", "user/bob");
        assertThat(json.output()).contains("\"target\" : \"user/alice\"");
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).containsPattern("^verified \\d+ rows\nhead: row \\d+, hash [0-9a-f]{64}\n$");

        long bobs;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("lepton.db")); Statement sql = db.createStatement()) {
            try (var row = sql.executeQuery("SELECT seq FROM audit_log WHERE target = 'user/bob'")) {
                row.next();
                bobs = row.getLong(1);
            }
            sql.executeUpdate("UPDATE audit_log SET detail = 'viewer in default' WHERE seq = " + bobs);
        }
        var broken = server.cli("audit", "verify");

        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.output()).startsWith("row " + bobs + " does not verify: hash mismatch");
    }
}
