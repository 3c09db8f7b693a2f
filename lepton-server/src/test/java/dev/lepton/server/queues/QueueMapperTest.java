package dev.lepton.server.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QueueSpec;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueMapperTest {
    @Test
    void borrowed_is_what_a_queue_uses_beyond_the_resources_its_quota_names() {
        QueueSpec ml = new QueueSpec("ml", Optional.of("research"), new Quota(Map.of(Quota.GPU, 4L, Quota.CPU, 8_000L)), Optional.empty());
        Quota usage = new Quota(Map.of(Quota.GPU, 6L, Quota.CPU, 2_000L, Quota.MEMORY, 64L << 30));

        assertThat(QueueMapper.wire(QueueMapper.borrowed(ml, usage))).as("GPUs beyond 4; CPU within; memory has no quota")
                .containsExactly(Map.entry(Quota.GPU, "2"));
        assertThat(QueueMapper.borrowed(ml, Quota.NONE).amounts()).isEmpty();
    }
}
