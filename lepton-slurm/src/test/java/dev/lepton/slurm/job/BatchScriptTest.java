package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import dev.lepton.slurm.node.SlurmGresMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchScriptTest {
    private static final long GIB = 1024L * 1024 * 1024;

    static SlurmGang gang(GangLayout layout, TaskResources perTask, Map<String, String> env, List<String> command) {
        return new SlurmGang("lepton-7f3a-0", "gpu", layout, perTask, command, env, Path.of("/shared/lepton/7f3a/0"), Optional.empty(),
                Optional.of(Duration.ofHours(2)));
    }

    @Test
    void the_allocation_is_exactly_the_placement_and_never_requeued() {
        SlurmGang gang = gang(new GangLayout(List.of("gpu01", "gpu02"), 2), new TaskResources(4, 16 * GIB, 1, Optional.of("a100")), Map.of(),
                List.of("python", "train.py"));

        assertThat(BatchScript.of(gang).command()).containsExactly("sbatch", "--parsable",
                "--job-name=lepton-7f3a-0", "--partition=gpu", "--nodelist=gpu01,gpu02", "--nodes=2", "--ntasks=4", "--ntasks-per-node=2",
                "--cpus-per-task=4", "--mem=32768M", "--gres=gpu:a100:2", "--time=0-02:00:00",
                "--output=/shared/lepton/7f3a/0/batch.log", "--chdir=/shared/lepton/7f3a/0", "--export=NONE", "--no-requeue");
    }

    @Test
    void without_memory_gpus_or_time_limit_those_options_are_left_to_the_partition() {
        SlurmGang gang = new SlurmGang("g", "main", GangLayout.single("vm"), new TaskResources(1, 0, 0, Optional.empty()), List.of("true"), Map.of(),
                Path.of("/tmp/g"), Optional.of(Path.of("/work")), Optional.empty());

        assertThat(BatchScript.of(gang).command())
                .noneMatch(arg -> arg.startsWith("--mem") || arg.startsWith("--gres") || arg.startsWith("--time"))
                .contains("--chdir=/work", "--ntasks=1");
    }

    @Test
    void the_script_exports_the_environment_quoted_and_starts_each_task_as_a_step_of_its_own_through_the_wrapper() {
        SlurmGang gang = gang(new GangLayout(List.of("gpu01"), 2), new TaskResources(1, GIB, 0, Optional.empty()),
                Map.of("LEPTON_JOB", "train", "GREETING", "it's \"quoted\" $HOME"), List.of("sh", "-c", "echo $LEPTON_WORKER_RANK"));

        String script = BatchScript.of(gang).script();

        assertThat(script).startsWith("#!/bin/sh\n# Lepton gang lepton-7f3a-0: 2 task(s) on gpu01, a step each\n")
                .contains("export GREETING='it'\\''s \"quoted\" $HOME'\nexport LEPTON_JOB=train\n")
                .contains("for lepton_node in gpu01; do\n")
                .contains("  while [ \"$lepton_local\" -lt 2 ]; do\n")
                .contains("    { srun --export=ALL --kill-on-bad-exit=0 --exact --nodes=1 --ntasks=1 --cpus-per-task=1 --mem=1024M "
                        + "--nodelist=\"$lepton_node\" --output=/shared/lepton/7f3a/0/worker-\"$lepton_rank\".log /bin/sh -c \"$lepton_wrapper\" "
                        + "lepton-task /shared/lepton/7f3a/0 \"$lepton_rank\" \"$lepton_local\" \"$lepton_index\" 2 1 sh -c 'echo $LEPTON_WORKER_RANK'; "
                        + "lepton_status=$?; [ -e /shared/lepton/7f3a/0/exit-\"$lepton_rank\".part ] && mv -f /shared/lepton/7f3a/0/exit-\"$lepton_rank\".part "
                        + "/shared/lepton/7f3a/0/exit-\"$lepton_rank\"; exit \"$lepton_status\"; } &\n")
                .endsWith("for lepton_pid in $lepton_pids; do wait \"$lepton_pid\" || lepton_code=$?; done\n"
                        + "if [ -e /shared/lepton/7f3a/0/stop ]; then scancel \"$SLURM_JOB_ID\"; fi\nexit \"$lepton_code\"\n");
    }

    @Test
    void each_step_holds_one_tasks_gpus_of_the_nodes_gres() {
        SlurmGang gang = gang(new GangLayout(List.of("gpu01", "gpu02"), 2), new TaskResources(4, 16 * GIB, 1, Optional.of("a100")), Map.of(),
                List.of("python", "train.py"));

        assertThat(BatchScript.of(gang).script()).contains("--cpus-per-task=4 --mem=16384M --gres=gpu:a100:1 --nodelist=")
                .contains("for lepton_node in gpu01 gpu02; do\n");
    }

    @Test
    void slurm_chooses_the_gpus_so_its_cuda_visible_devices_is_kept() {
        Map<String, String> env = Map.of("CUDA_VISIBLE_DEVICES", "0,1");

        assertThat(BatchScript.of(gang(GangLayout.single("gpu01"), new TaskResources(1, 0, 2, Optional.empty()), env, List.of("nvidia-smi"))).script())
                .doesNotContain("CUDA_VISIBLE_DEVICES");
        assertThat(BatchScript.of(gang(GangLayout.single("gpu01"), new TaskResources(1, 0, 0, Optional.empty()), env, List.of("true"))).script())
                .contains("export CUDA_VISIBLE_DEVICES=0,1\n");
    }

    @Test
    void a_percent_sign_in_the_directory_is_not_a_slurm_pattern() {
        SlurmGang gang = new SlurmGang("g", "main", GangLayout.single("vm"), new TaskResources(1, 0, 0, Optional.empty()), List.of("true"), Map.of(),
                Path.of("/tmp/100%done"), Optional.empty(), Optional.empty());

        assertThat(BatchScript.of(gang).command()).contains("--output=/tmp/100%%done/batch.log");
        assertThat(BatchScript.of(gang).script()).contains("--output=/tmp/100%%done/worker-\"$lepton_rank\".log");
    }

    @Test
    void lepton_millicores_become_whole_cpus() {
        assertThat(TaskResources.of(new dev.lepton.core.resource.Resources(500, GIB, 0), Optional.of("a100")))
                .isEqualTo(new TaskResources(1, GIB, 0, Optional.empty()));
        assertThat(TaskResources.of(new dev.lepton.core.resource.Resources(2500, 0, 1), Optional.of("a100")))
                .isEqualTo(new TaskResources(3, 0, 1, Optional.of("a100")));
    }

    @Test
    void nvidia_gpus_are_slurm_s_gres_gpu_and_an_accelerator_slurm_has_no_gres_for_is_refused_naming_it() {
        var nvidia = new dev.lepton.core.resource.Resources(1_000, GIB, dev.lepton.core.resource.Accelerators.of("nvidia.com/gpu", 2));
        var amd = new dev.lepton.core.resource.Resources(1_000, GIB, dev.lepton.core.resource.Accelerators.of("amd.com/gpu", 2));

        assertThat(TaskResources.of(nvidia, Optional.empty())).isEqualTo(new TaskResources(1, GIB, 2, Optional.empty()));
        assertThatThrownBy(() -> TaskResources.of(amd, Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Slurm cannot run 2 amd.com/gpu per task: no GRES is amd.com/gpu to Lepton (the server maps gpu=nvidia.com/gpu;"
                        + " map one with --slurm-gres NAME[:TYPE]=amd.com/gpu)");
    }

    @Test
    void an_accelerator_mapped_to_a_typed_gres_is_asked_for_as_that_gres_and_type() {
        SlurmGresMap map = SlurmGresMap.parse(List.of("gpu:mi300x=amd.com/gpu", "gaudi=habana.ai/gaudi"));
        var amd = new Resources(2_000, GIB, Accelerators.of("amd.com/gpu", 2));
        var gaudi = new Resources(1_000, 0, Accelerators.of("habana.ai/gaudi", 1));
        var nvidia = new Resources(1_000, 0, Accelerators.of("nvidia.com/gpu", 1));

        assertThat(TaskResources.of(amd, map)).isEqualTo(new TaskResources(2, GIB, 2, Optional.of("mi300x"), "gpu"));
        assertThat(TaskResources.of(gaudi, map)).isEqualTo(new TaskResources(1, 0, 1, Optional.empty(), "gaudi"));
        assertThat(TaskResources.of(nvidia, map)).isEqualTo(new TaskResources(1, 0, 1, Optional.empty(), "gpu"));

        SlurmGang onAmd = gang(new GangLayout(List.of("mi01", "mi02"), 2), TaskResources.of(amd, map), Map.of(), List.of("python", "train.py"));
        assertThat(BatchScript.of(onAmd).command()).contains("--gres=gpu:mi300x:4").noneMatch(arg -> arg.startsWith("--gres=gpu:4"));
        assertThat(BatchScript.of(onAmd).script()).contains("--mem=1024M --gres=gpu:mi300x:2 --nodelist=");
        SlurmGang onGaudi = gang(GangLayout.single("hl01"), TaskResources.of(gaudi, map), Map.of(), List.of("python", "train.py"));
        assertThat(BatchScript.of(onGaudi).command()).contains("--gres=gaudi:1");
        assertThat(BatchScript.of(onGaudi).script()).contains("--cpus-per-task=1 --gres=gaudi:1 --nodelist=");
    }

    @Test
    void devices_of_two_resources_in_one_task_are_refused_naming_them() {
        SlurmGresMap map = SlurmGresMap.parse(List.of("gpu:mi300x=amd.com/gpu"));
        var both = new Resources(1_000, 0, Accelerators.of(Map.of("amd.com/gpu", 1, "nvidia.com/gpu", 1)));

        assertThatThrownBy(() -> TaskResources.of(both, map))
                .hasMessage("Slurm cannot run amd.com/gpu=1 nvidia.com/gpu=1 per task: a task asks Slurm for devices of one GRES");
    }

    @Test
    void what_a_shell_or_slurm_would_misread_is_refused() {
        TaskResources one = new TaskResources(1, 0, 0, Optional.empty());
        Path dir = Path.of("/tmp/g");
        assertThatThrownBy(() -> new SlurmGang("a b", "main", GangLayout.single("vm"), one, List.of("true"), Map.of(), dir, Optional.empty(), Optional.empty()))
                .hasMessageContaining("job name");
        assertThatThrownBy(() -> new SlurmGang("g", "main", GangLayout.single("vm"), one, List.of("true"), Map.of("A-B", "x"), dir, Optional.empty(),
                Optional.empty())).hasMessageContaining("not a variable a shell can export: 'A-B'");
        assertThatThrownBy(() -> new SlurmGang("g", "main", GangLayout.single("vm"), one, List.of("true"), Map.of(), Path.of("rel"), Optional.empty(),
                Optional.empty())).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> new SlurmGang("g", "main", GangLayout.single("vm"), one, List.of(), Map.of(), dir, Optional.empty(), Optional.empty()))
                .hasMessageContaining("command is empty");
    }

    @Test
    void quoting_leaves_plain_words_bare() {
        assertThat(BatchScript.quote("--output=/a/worker-%t.log")).isEqualTo("--output=/a/worker-%t.log");
        assertThat(BatchScript.quote("")).isEqualTo("''");
        assertThat(BatchScript.quote("a b")).isEqualTo("'a b'");
    }
}
