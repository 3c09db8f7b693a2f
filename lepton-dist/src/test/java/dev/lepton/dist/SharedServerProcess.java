package dev.lepton.dist;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests share one built server, in a home of its own, started before the first and stopped after the last. */
abstract class SharedServerProcess {
    @TempDir
    static Path home;
    static ServerProcess server;

    @BeforeAll
    static void startServer() {
        server = new ServerProcess(home).start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
