package dev.lepton.kubernetes.pod;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.kubernetes.ClusterNodes;
import dev.lepton.kubernetes.KubernetesCluster;
import dev.lepton.kubernetes.MockCluster;
import dev.lepton.kubernetes.TestKubelet;
import dev.lepton.testing.ExecutorContract;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Pods keep the executor contract, against the mock API server with the test kubelet playing the node. */
class KubernetesExecutorContractTest extends ExecutorContract {
    @TempDir
    Path dir;

    private MockCluster cluster;
    private TestKubelet kubelet;
    private KubernetesCluster kubernetes;
    private final List<Executor> executors = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        cluster.add(ClusterNodes.node("node-a").build());
        kubelet = new TestKubelet(cluster);
        kubernetes = cluster.connect(dir);
    }

    @AfterEach
    void stop() {
        executors.forEach(Executor::close);
        kubelet.close();
        cluster.close();
    }

    @Override
    protected Executor executor() {
        Executor executor = kubernetes.executor(InstantSource.system());
        executors.add(executor);
        return executor;
    }

    @Override
    protected Executor restart(Executor previous) {
        previous.close();
        return executor();
    }

    @Override
    protected LaunchSpec worker(AttemptId attempt) {
        return Workers.spec(attempt, "node-a").build();
    }

    @Override
    protected ProcessRef launch(Executor executor, LaunchSpec spec) {
        ProcessRef ref = executor.launch(spec);
        kubelet.print(spec.attempt(), greeting(spec.attempt()));
        return ref;
    }

    @Override
    protected void end(AttemptId attempt, int code) {
        kubelet.exit(attempt, code);
    }

    @Override
    protected void endUnwatched(AttemptId attempt, int code) {
        kubelet.exit(attempt, code);
    }
}
