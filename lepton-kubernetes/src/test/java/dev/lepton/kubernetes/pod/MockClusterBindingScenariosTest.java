package dev.lepton.kubernetes.pod;

import dev.lepton.kubernetes.PodBinding;

/**
 * The scenarios against the mock API server with the executor binding pods through the binding subresource
 * ({@code --kubernetes-binding binding}), which the mock answers as a real API server does.
 */
class MockClusterBindingScenariosTest extends MockClusterScenariosTest {
    @Override
    protected PodBinding binding() {
        return PodBinding.BINDING;
    }
}
