package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch script and the task wrapper in a real shell, with stand-ins for srun (one task, its step
 * numbered from the last rank down, as Slurm may number steps started together in any order; output to
 * its log; Slurm's own view of a one-task step in SLURM_PROCID and SLURM_NTASKS) and scancel (noting its
 * arguments): what they record needs no Slurm.
 */
class TaskWrapperTest {
    @TempDir
    Path dir;
    @TempDir
    Path bin;

    private void command(String name, String script) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int runBatch(SlurmGang gang) throws IOException, InterruptedException {
        command("srun", """
                while [ "${1#--}" != "$1" ]; do
                  case "$1" in --output=*) out="${1#--output=}";; esac
                  shift
                done
                # $1 /bin/sh, $2 -c, $3 the wrapper, $4 its name, $5 the directory, $6 the rank
                SLURM_STEP_ID=$((TASKS - 1 - $6)) SLURM_PROCID=0 SLURM_NTASKS=1 "$@" > "$out" 2>&1
                """);
        command("scancel", "echo \"$@\" >> \"$DIR/scancelled\"\n");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", BatchScript.of(gang).script()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("PATH", bin + ":" + System.getenv("PATH"), "DIR", dir.toString(),
                "TASKS", Integer.toString(gang.layout().tasks()), "SLURM_JOB_ID", "42"));
        Process process = builder.start();
        process.getInputStream().transferTo(System.out);
        return process.waitFor();
    }

    private SlurmGang gang(int tasks, Map<String, String> env, String... command) {
        return new SlurmGang("g", "main", new GangLayout(List.of("vm"), tasks), new TaskResources(1, 0, 0, Optional.empty()), List.of(command),
                env, dir, Optional.empty(), Optional.empty());
    }

    @Test
    void each_task_gets_its_rank_and_its_exit_status_is_recorded() throws Exception {
        SlurmGang gang = gang(2, Map.of("GREETING", "it's \"quoted\" $HOME\nand two lines"),
                "sh", "-c", "echo \"rank=$LEPTON_WORKER_RANK $GREETING\"; exit $((LEPTON_WORKER_RANK * 3))");

        int status = runBatch(gang);

        GangFiles files = gang.files();
        assertThat(status).isEqualTo(3);
        assertThat(files.exitStatus(0)).contains(0);
        assertThat(files.exitStatus(1)).contains(3);
        assertThat(Files.readString(files.log(1))).isEqualTo("rank=1 it's \"quoted\" $HOME\nand two lines\n");
        assertThat(files.stopRequest()).doesNotExist();
        assertThat(dir.resolve("scancelled")).doesNotExist();
    }

    @Test
    void each_task_records_its_step_and_sees_its_place_in_the_gang_as_one_step_of_all_would_give_it() throws Exception {
        SlurmGang gang = new SlurmGang("g", "main", new GangLayout(List.of("n1", "n2"), 2), new TaskResources(1, 0, 0, Optional.empty()),
                List.of("sh", "-c", "echo \"$SLURM_PROCID $SLURM_LOCALID $SLURM_NODEID $SLURM_NTASKS $SLURM_NNODES\""), Map.of(), dir, Optional.empty(),
                Optional.empty());

        assertThat(runBatch(gang)).isZero();

        GangFiles files = gang.files();
        assertThat(Files.readString(files.log(0))).isEqualTo("0 0 0 4 2\n");
        assertThat(Files.readString(files.log(3))).isEqualTo("3 1 1 4 2\n");
        assertThat(files.step(0)).as("steps are numbered as Slurm started them").contains(3);
        assertThat(files.step(3)).contains(0);
        assertThat(files.shapeRecord()).as("written at submission, not by the script").doesNotExist();
    }

    @Test
    void after_a_stop_request_the_batch_script_cancels_its_own_job() throws Exception {
        Files.writeString(new GangFiles(dir).stopRequest(), "");

        runBatch(gang(1, Map.of(), "sh", "-c", "exit 143"));

        assertThat(Files.readString(dir.resolve("scancelled"))).isEqualTo("42\n");
    }

    @Test
    void a_task_stopped_by_sigterm_is_recorded_as_143_by_the_wrapper_that_outlives_it() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", BatchScript.TASK_WRAPPER, "lepton-task", dir.toString(), "5", "1", "2", "6", "3",
                "sleep", "30");
        Process wrapper = builder.start();
        ProcessHandle sleep = await().atMost(Duration.ofSeconds(10)).until(() -> wrapper.descendants().findFirst(), Optional::isPresent).orElseThrow();

        // As slurmstepd does: the signal to every process of the step.
        new ProcessBuilder("kill", "-TERM", Long.toString(wrapper.pid()), Long.toString(sleep.pid())).start().waitFor();

        assertThat(wrapper.waitFor()).isEqualTo(143);
        assertThat(new GangFiles(dir).exitStatus(5)).contains(143);
    }

    @Test
    void a_warning_signal_is_for_the_command_and_the_wrapper_records_how_the_command_took_it() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", BatchScript.TASK_WRAPPER, "lepton-task", dir.toString(), "0", "0", "0", "1", "1",
                "sh", "-c", "trap 'exit 7' USR1; while :; do sleep 0.1; done");
        Process wrapper = builder.start();
        ProcessHandle command = await().atMost(Duration.ofSeconds(10)).until(() -> wrapper.children().findFirst(), Optional::isPresent).orElseThrow();
        Thread.sleep(200);  // the command's trap is set once its shell has read it

        new ProcessBuilder("kill", "-USR1", Long.toString(wrapper.pid()), Long.toString(command.pid())).start().waitFor();

        assertThat(wrapper.waitFor()).isEqualTo(7);
        assertThat(new GangFiles(dir).exitStatus(0)).contains(7);
    }

    @Test
    void a_record_still_being_written_or_never_written_is_no_exit_status() throws IOException {
        GangFiles files = new GangFiles(dir);
        Files.writeString(files.exitRecord(0), "12");

        assertThat(files.exitStatus(0)).isEmpty();
        assertThat(files.exitStatus(1)).isEmpty();
    }
}
