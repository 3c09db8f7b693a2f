package dev.lepton.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.kubernetes.KubernetesCluster;
import dev.lepton.kubernetes.PodBinding;
import dev.lepton.kubernetes.RealCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios against the cluster {@code KUBECONFIG} names, its kubelet running busybox; skipped without one. */
@Tag(RealCluster.TAG)
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".*\\S.*", disabledReason = RealCluster.WITHOUT_KUBECONFIG)
class RealClusterScenariosTest extends PodScenarios {
    private static final String GREET = "echo \"hello from $LEPTON_ATTEMPT_ID\"; ";

    private RealCluster real;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        real = RealCluster.require(binding());
    }

    /** How the executor binds pods here: by {@code spec.nodeName}; the binding subresource in {@link RealClusterBindingScenariosTest}. */
    protected PodBinding binding() {
        return PodBinding.NODE_NAME;
    }

    @Override
    protected KubernetesCluster clusterWithoutBindingPermission() {
        return real.withoutBindingPermission(dir);
    }

    /** A busy shell holding an 8 MB string. */
    @Override
    protected LaunchSpec busy(AttemptId attempt) {
        return shell(attempt, "trap 'exit 143' TERM; " + GREET + "v=$(head -c 8000000 /dev/zero | tr '\\0' a); while true; do :; done");
    }

    @Override
    protected Optional<String> whyNoMetricsApi() {
        return real.whyNoMetricsApi();
    }

    @Override
    protected Optional<String> whyMetricsApi() {
        return real.whyNoMetricsApi().isPresent() ? Optional.empty()
                : Optional.of("the cluster has a metrics API; the scenario of one without runs on clusters without metrics-server, and on the mock");
    }

    @Override
    protected void afterScenarios() {
        real.close();
    }

    @Override
    protected KubernetesCluster cluster() {
        return real.cluster();
    }

    @Override
    protected KubernetesClient admin() {
        return real.admin();
    }

    @Override
    protected String node() {
        return real.node();
    }

    @Override
    protected Duration patience() {
        return RealCluster.PATIENCE;
    }

    private LaunchSpec shell(AttemptId attempt, String script) {
        return Workers.spec(attempt, node()).image(RealCluster.IMAGE).command("sh", "-c", script).cpuMillis(100).memoryBytes(64L << 20)
                .build();
    }

    @Override
    protected LaunchSpec exiting(AttemptId attempt, int code) {
        return shell(attempt, GREET + "exit " + code);
    }

    @Override
    protected LaunchSpec runningUntilStopped(AttemptId attempt) {
        // The shell is PID 1, which gets no default action for SIGTERM: the trap is what ends it with 143.
        return shell(attempt, "trap 'exit 143' TERM; " + GREET + "while true; do sleep 1; done");
    }

    @Override
    protected LaunchSpec overMemory(AttemptId attempt) {
        return Workers.spec(attempt, node()).image(RealCluster.IMAGE).cpuMillis(100).memoryBytes(32L << 20)
                .command("sh", "-c", "v=$(head -c 200000000 /dev/zero | tr '\\0' a); echo ${#v}").build();
    }

    @Override
    protected LaunchSpec unpullable(AttemptId attempt) {
        return Workers.spec(attempt, node()).image("registry.invalid/lepton/no-such-image:0").cpuMillis(100).memoryBytes(64L << 20).build();
    }

    @Override
    protected LaunchSpec printingUntilTold(AttemptId attempt) {
        return shell(attempt, "trap 'exit 143' TERM; " + GREET + "while [ ! -e /tmp/told ]; do sleep 1; done; echo told");
    }

    @Override
    protected void tell(AttemptId attempt) {
        assertThat(real.exec(PodNames.pod(attempt), "touch", "/tmp/told")).as("touch /tmp/told").isZero();
    }

    @Override
    protected void podGoes(AttemptId attempt) {
        real.admin().pods().inNamespace(real.cluster().namespace()).withName(PodNames.pod(attempt)).withGracePeriod(0).delete();
    }

    /** Rank 0's name, looked up from another worker's container through the cluster's DNS. */
    @Override
    protected void assertResolves(AttemptId from, String address) {
        assertThat(real.exec(PodNames.pod(from), "nslookup", address)).as("nslookup " + address).isZero();
    }
}
