package dev.lepton.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Code the core must never hold, one sin per class, each written the way it would slip past a rule
 * that looks at direct calls only (a method reference instead of a call). {@link ArchitectureTest}
 * checks that every rule finds its sin here; these classes live in test code, outside the core.
 */
final class ImpureCode {
    private ImpureCode() {}

    static final class ReadsAFile {
        String read(String name) throws IOException {
            return new java.io.BufferedReader(new java.io.FileReader(name)).readLine();
        }
    }

    static final class WritesToTheConsole {
        void tell(String text) {
            System.out.println(text);
        }
    }

    static final class ListsADirectory {
        long count(Path dir) throws IOException {
            try (var files = Files.list(dir)) {
                return files.count();
            }
        }
    }

    static final class LogsThroughAFramework {
        void tell(String text) {
            org.slf4j.LoggerFactory.getLogger(LogsThroughAFramework.class).info(text);
        }
    }

    static final class StartsAProcess {
        Process start() throws IOException {
            return new ProcessBuilder("true").start();
        }
    }

    static final class LooksAtItsOwnProcess {
        long pid() {
            return ProcessHandle.current().pid();
        }
    }

    static final class ReadsTheEnvironment {
        Function<String, String> variables = System::getenv;
    }

    static final class ReadsASystemProperty {
        Optional<String> home() {
            return Optional.ofNullable(System.getProperty("user.home"));
        }
    }

    static final class ReadsAllVariables {
        Supplier<Map<String, String>> all = System::getenv;
    }

    static final class ReadsTheClockByReference {
        InstantSource clock = Instant::now;
    }

    static final class ReadsTheClockByCall {
        long millis() {
            return System.currentTimeMillis();
        }
    }

    static final class ReadsTheMonotonicClock {
        Supplier<Long> ticks = System::nanoTime;
    }

    static final class StartsAThread {
        void start(Runnable work) {
            Thread.ofVirtual().start(work);
        }
    }

    static final class SchedulesATimer {
        void later(java.util.TimerTask task) {
            new java.util.Timer().schedule(task, 1_000);
        }
    }

    static final class SleepsOnAMonitor {
        synchronized void pause() throws InterruptedException {
            wait(1_000);
        }
    }

    static final class DrawsUnseededRandomness {
        DoubleSupplier random = Math::random;
    }
}
