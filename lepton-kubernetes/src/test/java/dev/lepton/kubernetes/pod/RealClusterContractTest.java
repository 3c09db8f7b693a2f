package dev.lepton.kubernetes.pod;

import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.kubernetes.RealCluster;
import dev.lepton.testing.ExecutorContract;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Pods on a real cluster keep the executor contract. A worker ends when a file {@code /tmp/release} holding its
 * exit code appears in its container, written there through {@code exec}; skipped without {@code KUBECONFIG}.
 */
@Tag(RealCluster.TAG)
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".*\\S.*", disabledReason = RealCluster.WITHOUT_KUBECONFIG)
class RealClusterContractTest extends ExecutorContract {
    private static final String WORKER = "trap 'exit 143' TERM; echo \"hello from $LEPTON_ATTEMPT_ID\"; "
            + "while [ ! -f /tmp/release ]; do sleep 0.2; done; exit \"$(cat /tmp/release)\"";

    private RealCluster real;
    private final List<Executor> executors = new ArrayList<>();
    private final List<String> jobs = new ArrayList<>();

    @BeforeEach
    void start() {
        real = RealCluster.require();
    }

    @AfterEach
    void stop() {
        executors.forEach(Executor::close);
        for (String uid : jobs) {
            real.admin().pods().inNamespace(real.cluster().namespace()).withLabel("lepton.dev/job-uid", PodNames.labelValue(uid))
                    .withGracePeriod(0).delete();
            real.admin().services().inNamespace(real.cluster().namespace()).withLabel("lepton.dev/job-uid", PodNames.labelValue(uid)).delete();
        }
        real.close();
    }

    @Override
    protected Executor executor() {
        Executor executor = real.cluster().executor(InstantSource.system());
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
        return Workers.spec(attempt, real.node()).image(RealCluster.IMAGE).command("sh", "-c", WORKER).cpuMillis(100).memoryBytes(64L << 20)
                .build();
    }

    /** Returns once the worker runs: a pod deleted before its container started would record no exit code. */
    @Override
    protected ProcessRef launch(Executor executor, LaunchSpec spec) {
        jobs.add(spec.attempt().jobUid());
        ProcessRef ref = executor.launch(spec);
        await().atMost(RealCluster.PATIENCE).until(() -> phase(spec.attempt()).equals("Running"));
        return ref;
    }

    private String phase(AttemptId attempt) {
        Pod pod = real.admin().pods().inNamespace(real.cluster().namespace()).withName(PodNames.pod(attempt)).get();
        return pod == null || pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    @Override
    protected void end(AttemptId attempt, int code) {
        real.exec(PodNames.pod(attempt), "sh", "-c", "echo " + code + " > /tmp/release.tmp && mv /tmp/release.tmp /tmp/release");
    }

    @Override
    protected void endUnwatched(AttemptId attempt, int code) {
        end(attempt, code);
        await().atMost(RealCluster.PATIENCE).until(() -> Set.of("Succeeded", "Failed").contains(phase(attempt)));
    }
}
