package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One home, one server: a second {@code lepton server} on a home in use refuses to start and touches nothing there. */
class SecondServerIT {
    @TempDir
    Path home;

    @Test
    void a_second_server_on_the_same_home_refuses_in_one_line_naming_the_first_and_leaves_its_files_alone() throws Exception {
        try (ServerProcess first = new ServerProcess(home).start()) {
            String credentials = Files.readString(home.resolve("credentials"));
            int registrations = nodeRegistrations();

            ServerProcess.Result second = ServerProcess.run(Duration.ofSeconds(30), "server", "--home", home.toString(),
                    "--port", Integer.toString(new ServerProcess(home).port));

            assertThat(second.exitCode()).as(second.output()).isNotIn(0, -1);
            assertThat(second.output().strip().lines()).as(second.output()).hasSize(1);
            assertThat(second.output()).startsWith("error: another Lepton server (pid " + first.pid() + ", port " + first.port + ")")
                    .contains(home.toAbsolutePath().toString());
            assertThat(Files.readString(home.resolve("credentials"))).isEqualTo(credentials);
            assertThat(nodeRegistrations()).as("the second server wrote nothing to the database").isEqualTo(registrations);
            assertThat(first.cli("job", "list").exitCode()).as("the first server still answers").isZero();
        }
    }

    /** Every start writes a node event (Joined, then Registered): their count says how many servers opened the database. */
    private int nodeRegistrations() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:file:" + home.resolve("lepton.db") + "?mode=ro");
             ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM events WHERE object LIKE 'node/%'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
