package dev.lepton.node.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {
    @TempDir
    Path dir;

    @Test
    void busy_time_leaves_out_idle_iowait_and_steal() throws IOException {
        Path stat = dir.resolve("stat");
        // user nice system idle iowait irq softirq steal guest guest_nice
        Files.writeString(stat, "cpu  1000 100 400 5000 200 50 50 300 700 0\ncpu0 1 2 3 4 5 6 7 8 9 0\n");

        ProcStat.CpuTime time = new ProcStat(stat).read();

        assertThat(time.busySeconds()).isCloseTo(16, within(1e-9));
        assertThat(time.totalSeconds()).isCloseTo(68, within(1e-9));
    }

    @Test
    void utilisation_is_busy_time_over_all_time_between_two_reads() {
        ProcStat.CpuTime before = new ProcStat.CpuTime(100, 1000);

        assertThat(new ProcStat.CpuTime(130, 1040).utilisationSince(before)).isCloseTo(0.75, within(1e-9));
        assertThat(before.utilisationSince(before)).isZero();
    }

    @Test
    void the_real_proc_stat_reads_where_there_is_one() {
        if (Files.isReadable(ProcStat.PATH)) {
            ProcStat.CpuTime time = new ProcStat(ProcStat.PATH).read();
            assertThat(time.totalSeconds()).isGreaterThan(0).isGreaterThanOrEqualTo(time.busySeconds());
        }
    }

    @Test
    void a_file_without_a_cpu_line_is_refused_naming_it() throws IOException {
        Path stat = Files.writeString(dir.resolve("stat"), "intr 0\n");

        assertThatThrownBy(() -> new ProcStat(stat).read()).isInstanceOf(UncheckedIOException.class).hasMessageContaining(stat.toString());
    }
}
