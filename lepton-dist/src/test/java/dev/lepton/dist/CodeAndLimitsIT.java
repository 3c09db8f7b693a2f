package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built CLI ships the directory it runs in with a job, and a job over its memory ends OOMKilled, as issue 11 asks. */
class CodeAndLimitsIT extends SharedServerProcess {
    @Test
    void job_run_code_dot_ships_the_working_directory_so_a_relative_path_works_and_an_unchanged_one_is_not_sent_again(@TempDir Path code)
            throws Exception {
        Files.writeString(code.resolve("data.txt"), "lepton-code-ok\n");
        Files.writeString(code.resolve("train.sh"), "cat data.txt\n");
        Files.writeString(code.resolve(".leptonignore"), "secret.txt\n");
        Files.writeString(code.resolve("secret.txt"), "do not ship\n");

        var run = server.cliIn(code, "job", "run", "--name", "shipped", "--code", ".", "--", "sh", "-c", "sh train.sh; ls");
        var wait = server.cli("job", "wait", "shipped", "--timeout", "120s");
        var again = server.cliIn(code, "job", "run", "--name", "shipped-again", "--code", ".", "--", "sh", "train.sh");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("uploaded");
        assertThat(wait.exitCode()).as(wait.output()).isZero();
        assertThat(server.cli("job", "logs", "shipped").output()).contains("lepton-code-ok").contains("train.sh").doesNotContain("secret.txt");
        assertThat(server.cli("job", "get", "shipped", "-o", "json").output()).containsPattern("\"code\" : \"sha256:[0-9a-f]{64}\"");
        assertThat(again.output()).contains("already on the server");
    }

    @Test
    void a_job_file_s_code_is_a_directory_relative_to_the_file_whatever_the_working_directory(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("project/src"));
        Files.writeString(repo.resolve("project/src/hello.txt"), "hello from the file's code\n");
        Path file = Files.writeString(repo.resolve("job.yaml"), """
                kind: Job
                metadata: {name: from-file}
                spec:
                  command: [cat, hello.txt]
                  code: project
                  workingDir: src
                """);

        var apply = server.cli("apply", "-f", file.toString());
        var wait = server.cli("job", "wait", "from-file", "--timeout", "120s");
        var reapply = server.cli("apply", "-f", file.toString());

        assertThat(apply.exitCode()).as(apply.output()).isZero();
        assertThat(wait.exitCode()).as(wait.output()).isZero();
        assertThat(server.cli("job", "logs", "from-file").output()).contains("hello from the file's code");
        assertThat(reapply.output()).as("the same directory is the same snapshot: nothing changed").contains("unchanged");
    }

    @Test
    void a_job_over_its_memory_limit_does_not_succeed_and_says_oomkilled() throws Exception {
        server.cli("job", "run", "--name", "hog", "--memory", "64Mi", "--", "python3", "-c",
                "import time; b=bytearray(600*1024*1024); time.sleep(20)");

        var wait = server.cli("job", "wait", "hog", "--timeout", "90s");
        var get = server.cli("job", "get", "hog", "-o", "json");

        assertThat(wait.exitCode()).as(wait.output()).isEqualTo(1);
        assertThat(get.output()).contains("\"reason\" : \"OOMKilled\"").contains("was OOMKilled");
        assertThat(server.cli("job", "events", "hog").output()).contains("OOMKilled");
        assertThat(server.cli("node", "list").output()).containsPattern("cgroup-v1|cgroup-v2|watch");
    }
}
