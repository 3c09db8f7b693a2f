package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeLockTest {
    @TempDir
    Path home;

    @Test
    void a_held_home_is_refused_naming_the_holder_and_free_again_once_released() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (HomeLock held = HomeLock.acquire(home)) {
            held.listening(8421);
            assertThat(Files.readString(home.resolve(HomeLock.FILE))).isEqualTo("pid=" + pid + "\nport=8421\n");

            assertThatThrownBy(() -> HomeLock.acquire(home)).isInstanceOf(HomeLock.HomeInUseException.class)
                    .hasMessage("another Lepton server (pid " + pid + ", port 8421) is using " + home.toAbsolutePath()
                            + "; stop it first, or start this one with another --home");
        }
        HomeLock.acquire(home).close();
    }

    @Test
    void a_server_refused_its_home_opens_nothing_there() {
        try (TestServer first = TestServer.start(home)) {
            assertThatThrownBy(() -> new ServerAssembly(ServerConfig.defaults(home).withPort(0), java.time.Clock.systemUTC()))
                    .isInstanceOf(HomeLock.HomeInUseException.class).hasMessageContaining("port " + first.server.port());
        }
    }

    @Test
    void a_lock_file_names_what_it_knows() {
        assertThat(HomeLock.describeHolder("pid=12\n")).isEqualTo("pid 12, port unknown");
        assertThat(HomeLock.describeHolder("")).isEqualTo("pid unknown, port unknown");
    }
}
