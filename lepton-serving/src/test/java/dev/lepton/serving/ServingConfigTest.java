package dev.lepton.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.serving.batching.BatchPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServingConfigTest {
    @Test
    void the_defaults_serve_the_file_under_its_own_name_on_every_interface_at_8080_without_batching() {
        ServingConfig config = ServingConfig.defaults(Path.of("models/resnet50.onnx"));

        assertThat(config.model()).isEqualTo(Path.of("models/resnet50.onnx"));
        assertThat(config.name()).isEqualTo("resnet50");
        assertThat(config.version()).isEqualTo("1");
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.batching()).isEqualTo(new BatchPolicy(1, Duration.ofMillis(5)));
        assertThat(config.batching().batching()).isFalse();
        assertThat(config.threads()).isZero();
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxRequestBytes()).isEqualTo(64L << 20);
    }

    @Test
    void a_refused_value_names_its_key_and_the_value() {
        ServingConfig config = ServingConfig.defaults(Path.of("m.onnx"));

        assertThatThrownBy(() -> config.withName("my model")).hasMessageStartingWith("name: ").hasMessageEndingWith("(got 'my model')");
        assertThatThrownBy(() -> config.withPort(70000)).hasMessage("port: must be 0-65535 (got 70000)");
        assertThatThrownBy(() -> config.withThreads(-1)).hasMessageStartingWith("threads: must be >= 0");
        assertThatThrownBy(() -> new BatchPolicy(0, Duration.ZERO)).hasMessage("maxBatchSize must be at least 1 (1: no batching), got 0");
        assertThatThrownBy(() -> ServingConfig.defaults(Path.of(".onnx"))).hasMessageStartingWith("name: ");
    }

    @Test
    void a_model_moves_through_its_phases_only_as_the_table_allows() {
        assertThat(ModelPhase.LOADING.next()).containsExactlyInAnyOrder(ModelPhase.WARMING_UP, ModelPhase.FAILED, ModelPhase.STOPPED);
        assertThat(ModelPhase.WARMING_UP.next()).containsExactlyInAnyOrder(ModelPhase.READY, ModelPhase.STOPPED);
        assertThat(ModelPhase.READY.next()).containsExactly(ModelPhase.DRAINING);
        assertThat(ModelPhase.FAILED.next()).containsExactly(ModelPhase.STOPPED);
        assertThat(ModelPhase.DRAINING.next()).containsExactly(ModelPhase.STOPPED);
        assertThat(ModelPhase.STOPPED.next()).isEmpty();
        assertThat(ModelPhase.LOADING.canMoveTo(ModelPhase.READY)).as("never ready without a warm-up").isFalse();
    }
}
