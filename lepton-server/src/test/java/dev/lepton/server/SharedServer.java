package dev.lepton.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One real server for all tests of a class: started before the first, stopped after the last. */
abstract class SharedServer {
    @TempDir
    static Path home;
    static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(home);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
