package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The executor's defaults, and the isolation levels by the names {@code --isolation} takes. */
class LocalExecutorConfigTest {
    @Test
    void by_default_workers_get_the_most_isolation_the_host_allows() {
        LocalExecutorConfig defaults = LocalExecutorConfig.defaults(Path.of("/var/lib/lepton/attempts"));

        assertThat(defaults.isolation()).isEqualTo(LocalExecutorConfig.Isolation.SANDBOX);
        assertThat(defaults.workerUids()).isEqualTo(LocalExecutorConfig.WorkerUids.DEFAULT);
        assertThat(defaults.codeDir()).isEqualTo(Path.of("/var/lib/lepton/code"));
        assertThat(defaults.devices()).as("no devices of its own: the server's CUDA_VISIBLE_DEVICES stands").isSameAs(VisibleDevices.NONE);
    }

    @Test
    void an_isolation_level_is_named_as_lepton_node_list_shows_it() {
        for (LocalExecutorConfig.Isolation level : LocalExecutorConfig.Isolation.values()) {
            assertThat(LocalExecutorConfig.Isolation.ofLabel(level.label())).isEqualTo(level);
        }
        assertThat(LocalExecutorConfig.Isolation.PROJECT_USER.label()).isEqualTo(WorkerUsers.PROJECT_USER);
        assertThat(LocalExecutorConfig.Isolation.SANDBOX.label()).isEqualTo(Sandbox.NAME);
        assertThat(LocalExecutorConfig.Isolation.NONE.label()).isEqualTo(WorkerUsers.NONE);
        assertThatThrownBy(() -> LocalExecutorConfig.Isolation.ofLabel("container"))
                .hasMessage("must be sandbox, project-user or none");
    }
}
