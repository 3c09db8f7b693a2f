package dev.lepton.core.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownHardwareTest {
    static KnownHardware table() {
        try (InputStream in = KnownHardware.class.getResourceAsStream(KnownHardware.RESOURCE)) {
            return KnownHardware.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NVIDIA H200                  | 700
            NVIDIA H200 NVL              | 600
            NVIDIA H100 80GB HBM3        | 700
            NVIDIA H100 PCIe             | 350
            NVIDIA A100-SXM4-40GB        | 400
            NVIDIA A100-SXM4-80GB        | 400
            NVIDIA A100-PCIE-40GB        | 250
            NVIDIA A100 80GB PCIe        | 300
            NVIDIA L4                    | 72
            NVIDIA L40S                  | 350
            Tesla T4                     | 70
            Tesla V100-SXM2-16GB         | 300
            Tesla V100-PCIE-32GB         | 250
            NVIDIA A40                   | 300
            NVIDIA A10                   | 150
            """)
    void common_data_center_gpus_are_known_by_the_names_nvidia_smi_gives_them(String name, double boardWatts) {
        KnownHardware.Row row = table().gpu(name).orElseThrow();

        assertThat(row.isFallback()).as(name + " matched " + row.source()).isFalse();
        assertThat(row.range().maxWatts()).isEqualTo(boardWatts);
        assertThat(row.range().idleWatts()).isEqualTo(0.2 * boardWatts, org.assertj.core.api.Assertions.within(1e-9));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            AMD EPYC 7763 64-Core Processor                | AMD EPYC 3rd gen (Milan)
            AMD EPYC 7B12                                  | AMD EPYC 2nd gen (Rome)
            AMD EPYC 9654 96-Core Processor                | Genoa
            Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz      | Haswell
            Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz      | Broadwell
            Intel(R) Xeon(R) Platinum 8175M CPU @ 2.50GHz  | Skylake
            Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz       | Cascade Lake
            Intel(R) Xeon(R) Processor                     | unknown micro-architecture
            """)
    void cpus_are_matched_to_their_micro_architecture_or_the_fallback(String name, String source) {
        KnownHardware.Row row = table().cpu(name).orElseThrow();

        assertThat(row.source()).contains(source);
        assertThat(row.per()).isEqualTo(KnownHardware.Per.LOGICAL_CPU);
    }

    @Test
    void each_kind_ends_with_a_fallback_so_every_model_gets_a_range() {
        List<KnownHardware.Row> rows = table().rows();
        for (ComponentKind kind : List.of(ComponentKind.CPU_PACKAGE, ComponentKind.GPU)) {
            List<KnownHardware.Row> ofKind = rows.stream().filter(r -> r.kind() == kind).toList();
            assertThat(ofKind.getLast().isFallback()).as(kind.toString()).isTrue();
            assertThat(ofKind.subList(0, ofKind.size() - 1)).noneMatch(KnownHardware.Row::isFallback);
        }
        assertThat(table().gpu("Some Future Accelerator").orElseThrow().isFallback()).isTrue();
    }

    @Test
    void the_cpu_fallback_is_the_mean_of_the_distinct_cpu_rows_it_says_it_is() {
        List<KnownHardware.Row> cpus = table().rows().stream().filter(r -> r.kind() == ComponentKind.CPU_PACKAGE && !r.isFallback()
                && !r.source().contains("with Milan's figures")).toList();

        PowerRange fallback = table().cpu("Unknown").orElseThrow().range();
        assertThat(fallback.idleWatts()).isCloseTo(cpus.stream().mapToDouble(r -> r.range().idleWatts()).average().orElseThrow(),
                org.assertj.core.api.Assertions.within(0.01));
        assertThat(fallback.maxWatts()).isCloseTo(cpus.stream().mapToDouble(r -> r.range().maxWatts()).average().orElseThrow(),
                org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void a_malformed_row_is_refused_with_its_line_number() {
        assertThatThrownBy(() -> KnownHardware.parse("# c\nkind,pattern,idle_watts,max_watts,per,source\ngpu,X,50,abc,device,s\n"))
                .hasMessageStartingWith("known hardware line 3:");
        assertThatThrownBy(() -> KnownHardware.parse("tpu,X,1,2,device,s")).hasMessageContaining("kind must be cpu or gpu");
        assertThatThrownBy(() -> KnownHardware.parse("gpu,X,3,2,device,s")).hasMessageContaining("0 <= idle <= max");
        assertThatThrownBy(() -> KnownHardware.parse("gpu,(,1,2,device,s")).hasMessageStartingWith("known hardware line 1:");
    }
}
