package dev.lepton.kubernetes.pod;

import dev.lepton.kubernetes.PodBinding;
import dev.lepton.kubernetes.RealCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The scenarios against the cluster {@code KUBECONFIG} names with the executor binding pods through the binding
 * subresource ({@code --kubernetes-binding binding}); skipped without one.
 */
@Tag(RealCluster.TAG)
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".*\\S.*", disabledReason = RealCluster.WITHOUT_KUBECONFIG)
class RealClusterBindingScenariosTest extends RealClusterScenariosTest {
    @Override
    protected PodBinding binding() {
        return PodBinding.BINDING;
    }
}
