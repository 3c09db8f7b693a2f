package dev.lepton.node.process;

import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.testing.ExecutorContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Real processes keep the executor contract. A worker ends when a file named {@code release} holding its exit code appears in its directory. */
class LocalProcessExecutorContractTest extends ExecutorContract {
    private static final String WORKER = "printf 'hello from %s\\n' \"$LEPTON_ATTEMPT_ID\"; "
            + "while [ ! -f release ]; do sleep 0.05; done; exit \"$(cat release)\"";

    @TempDir
    Path attemptsDir;

    private ExecutorFixture fixture;

    @BeforeEach
    void start() {
        fixture = new ExecutorFixture(attemptsDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Override
    protected Executor executor() {
        return fixture.executor(new ExitRecorder());
    }

    @Override
    protected Executor restart(Executor previous) {
        previous.close();
        return executor();
    }

    @Override
    protected LaunchSpec worker(AttemptId attempt) {
        return Launches.shell(WORKER).job(attempt.jobUid()).rank(attempt.rank()).build();
    }

    @Override
    protected ProcessRef launch(Executor executor, LaunchSpec spec) {
        return fixture.launch((LocalProcessExecutor) executor, spec);
    }

    @Override
    protected void end(AttemptId attempt, int code) {
        try {
            Path tmp = Files.writeString(fixture.dir(attempt).resolve("release.tmp"), Integer.toString(code));
            Files.move(tmp, fixture.dir(attempt).resolve("release"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void endUnwatched(AttemptId attempt, int code) {
        end(attempt, code);
        await().atMost(Duration.ofSeconds(30)).until(() -> new AttemptDirectory(fixture.dir(attempt)).exitCode().isPresent());
    }
}
