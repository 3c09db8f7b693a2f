package dev.lepton.node.process;

import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.WorkerExit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An exit observer that keeps every exit it is told about, for tests to wait on. */
final class ExitRecorder implements Consumer<WorkerExit> {
    private final List<WorkerExit> exits = new CopyOnWriteArrayList<>();

    @Override
    public void accept(WorkerExit exit) {
        exits.add(exit);
    }

    WorkerExit awaitExit(AttemptId attempt) {
        await().until(() -> exitsOf(attempt).size() > 0);
        return exitsOf(attempt).getFirst();
    }

    List<WorkerExit> exitsOf(AttemptId attempt) {
        return exits.stream().filter(exit -> exit.attempt().equals(attempt)).toList();
    }

    List<WorkerExit> all() {
        return List.copyOf(exits);
    }
}
