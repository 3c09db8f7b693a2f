package dev.lepton.sim.pollux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading workloads and profiles: bad input names the file, the line and the field. */
class LoadingTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void aWorkloadIsReadInArrivalOrder() throws IOException {
        Path csv = write("w.csv", "name,time,application,num_replicas,batch_size\nb,20,toy,1,100\na,5,toy,2,200\n");

        assertThat(Workloads.read(csv)).containsExactly(new WorkloadJob("a", 5, "toy", 2, 200), new WorkloadJob("b", 20, "toy", 1, 100));
    }

    @Test
    void aBadNumberNamesFileLineAndField() throws IOException {
        Path csv = write("w.csv", "name,time,application,num_replicas,batch_size\na,5,toy,2,200\nb,7,toy,two,100\n");

        assertThatThrownBy(() -> Workloads.read(csv)).isInstanceOf(PolluxFormatException.class)
                .hasMessage(csv + ":3: field 'num_replicas': not an integer: 'two'");
    }

    @Test
    void aMissingColumnIsReportedOnTheHeaderLine() throws IOException {
        Path csv = write("w.csv", "name,time,application,num_replicas\na,5,toy,2\n");

        assertThatThrownBy(() -> Workloads.read(csv)).hasMessageStartingWith(csv + ":1: field 'batch_size': missing column");
    }

    @Test
    void anApplicationWithoutAProfileIsRejected() throws IOException {
        Path csv = write("w.csv", "name,time,application,num_replicas,batch_size\na,5,resnet,2,200\n");

        assertThatThrownBy(() -> Workloads.read(csv, Set.of("toy"))).hasMessageStartingWith(csv + ":2: field 'application': no profile for 'resnet'");
    }

    @Test
    void profilesAreFoundBesideTheWorkloadsFolder() throws URISyntaxException {
        Path workload = Path.of(LoadingTest.class.getResource("/pollux/toy/workloads/workload-1.csv").toURI());

        Path profiles = PolluxSimulation.defaultProfilesDir(workload);

        assertThat(profiles.getFileName().toString()).isEqualTo("app-profiles");
        assertThat(AppProfiles.read(profiles).names()).containsExactly("toy");
    }

    @Test
    void aToyProfileHasItsDerivedConstants() throws URISyntaxException {
        Path workload = Path.of(LoadingTest.class.getResource("/pollux/toy/workloads/workload-1.csv").toURI());
        AppProfile toy = AppProfiles.read(PolluxSimulation.defaultProfilesDir(workload)).get("toy", "T4");

        assertThat(toy.initialBatch()).isEqualTo(100);
        assertThat(toy.maxBatch()).isEqualTo(200);
        assertThat(toy.minLocalBatch()).isEqualTo(50);
        assertThat(toy.maxLocalBatch()).isEqualTo(100);
        assertThat(toy.epochs()).isEqualTo(2);
        assertThat(toy.progressAtEndOf(1)).isEqualTo(1200);
    }

    @Test
    void aBadProfileValueNamesFileLineAndField() throws IOException {
        write("apps/x/placements.csv", "placement,local_bsz,step_time,sync_time\n1,4,0.5,0.1\n1,8,fast,0.1\n");
        write("apps/x/scalability.csv", "num_nodes,num_replicas,local_bsz,step_time,sync_time\n");
        write("apps/x/validation-8.csv", "progress,iteration,metric,grad_sqr,grad_var\n10,10,0.1,1,1\n");

        assertThatThrownBy(() -> AppProfiles.read(dir.resolve("apps")).get("x", "T4"))
                .hasMessage(dir.resolve("apps/x/placements.csv") + ":3: field 'step_time': not a number: 'fast'");
    }

    private void siaStyleApp(String name, String... types) throws IOException {
        write("apps/" + name + "/validation-8.csv", "progress,iteration,metric,grad_sqr,grad_var\n10,10,0.1,1,1\n");
        for (int i = 0; i < types.length; i++) {
            // Each type steps at a different pace: 1 s on the first, 2 s on the second...
            write("apps/" + name + "/placements-" + types[i] + ".csv", "placement,local_bsz,step_time,sync_time\n1,8," + (i + 1) + ",0\n");
            write("apps/" + name + "/scalability-" + types[i] + ".csv", "num_nodes,num_replicas,local_bsz,step_time,sync_time\n");
        }
    }

    @Test
    void siaProfilesAreChosenByTheClustersGpuModelAndAFolderNoWorkloadUsesIsNeverRead() throws IOException {
        siaStyleApp("x", "aws", "rtx");
        write("apps/unused/placements-rtx.csv", "not a profile\n");

        AppProfiles apps = AppProfiles.read(dir.resolve("apps"));

        assertThat(apps.names()).containsExactly("unused", "x");
        assertThat(apps.get("x", "T4").stepTimes().at(List.of(1), 8).step()).isEqualTo(1);
        assertThat(apps.get("x", "RTX 2080 Ti").stepTimes().at(List.of(1), 8).step()).isEqualTo(2);
        assertThat(apps.get("x", "rtx").stepTimes().at(List.of(1), 8).step()).isEqualTo(2);
    }

    @Test
    void aGpuModelWithoutMeasurementsNamesTheTypesThatHaveThem() throws IOException {
        siaStyleApp("gpt", "dgx-ext", "rtx");
        AppProfiles apps = AppProfiles.read(dir.resolve("apps"));

        assertThatThrownBy(() -> apps.get("gpt", "T4")).isInstanceOf(PolluxFormatException.class)
                .hasMessage(dir.resolve("apps/gpt") + ": no step times for GPU model 'T4' (type 'aws'); measured types: [dgx-ext, rtx]");
        assertThatThrownBy(() -> apps.get("gpt", "H100")).hasMessageStartingWith(
                dir.resolve("apps/gpt") + ": no step times for GPU model 'H100'; measured types: [dgx-ext, rtx]; name one of them, or ");
    }

    @Test
    void anUnknownPolicyListsTheAvailableOnes() {
        assertThatThrownBy(() -> PolluxPolicies.named("srtf"))
                .hasMessage("--policy: 'srtf' is not available in the Pollux setting; choose one of "
                        + "[fifo, priority, backfill, las, tiresias, default, tiresias-artifact, optimus]");
    }
}
