package dev.lepton.testing;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.resource.Resources;
import java.util.List;
import java.util.Map;

/** The fake keeps the executor contract: tests that run on it say something about the real executor. */
class FakeExecutorContractTest extends ExecutorContract {
    private final FakeExecutor fake = new FakeExecutor();

    @Override
    protected Executor executor() {
        fake.exitOnStop(143); // a worker that honours SIGTERM, as the contract's workers do
        return fake;
    }

    @Override
    protected Executor restart(Executor previous) {
        fake.restart();
        return fake;
    }

    @Override
    protected LaunchSpec worker(AttemptId attempt) {
        return new LaunchSpec(attempt, "ml", "n1", List.of("sleep", "600"), Map.of(), Resources.NONE, List.of());
    }

    @Override
    protected ProcessRef launch(Executor executor, LaunchSpec spec) {
        ProcessRef process = executor.launch(spec);
        fake.appendLog(spec.attempt(), greeting(spec.attempt()));
        return process;
    }

    @Override
    protected void end(AttemptId attempt, int code) {
        fake.finish(attempt, code);
    }

    @Override
    protected void endUnwatched(AttemptId attempt, int code) {
        fake.endedWhileUnwatched(attempt, code);
    }
}
