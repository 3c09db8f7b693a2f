package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The built CLI against the built server, as the README's walkthrough drives them. */
class CliEndToEndIT extends SharedServerProcess {
    @Test
    void a_two_worker_job_prints_rank_and_world_size_per_worker() throws Exception {
        var run = server.cli("job", "run", "--name", "hello", "--workers", "2", "--", "sh", "-c", "echo rank=$LEPTON_WORKER_RANK world=$LEPTON_WORLD_SIZE");
        assertThat(run.exitCode()).as(run.output()).isZero();

        assertThat(server.cli("job", "wait", "hello", "--timeout", "60s").exitCode()).isZero();
        assertThat(server.cli("job", "logs", "hello", "--worker", "1").output()).contains("rank=1 world=2");
        assertThat(server.cli("job", "get", "hello").output()).contains("Succeeded");
    }

    @Test
    void usage_by_user_counts_the_jobs_that_ran_and_a_bad_grouping_is_one_line() throws Exception {
        server.cli("job", "run", "--name", "counted", "--", "true");
        assertThat(server.cli("job", "wait", "counted", "--timeout", "60s").exitCode()).isZero();

        var usage = server.cli("usage", "--by", "user", "--from", "1h");
        var json = server.cli("usage", "--by", "user", "-o", "json");
        var bad = server.cli("usage", "--by", "team");

        assertThat(usage.exitCode()).as(usage.output()).isZero();
        assertThat(usage.output()).contains("USER").contains("GPU-HOURS").containsPattern("admin\\s+\\d+");
        assertThat(json.output()).contains("\"by\" : \"user\"").contains("\"key\" : \"admin\"");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output().strip().lines()).singleElement().asString().contains("by: must be user, project or queue (got 'team')");
    }

    @Test
    void a_failing_job_is_retried_then_failed_and_wait_exits_non_zero() throws Exception {
        server.cli("job", "run", "--name", "broken", "--max-retries", "1", "--backoff", "100ms", "--", "sh", "-c", "exit 3");

        var wait = server.cli("job", "wait", "broken", "--timeout", "60s");
        var get = server.cli("job", "get", "broken", "-o", "json");

        assertThat(wait.exitCode()).isEqualTo(1);
        assertThat(get.output()).contains("\"Failed\"").contains("\"exitCode\" : 3").contains("\"failures\" : 2");
    }

    @Test
    void an_ended_job_is_deleted_and_a_running_one_is_refused_until_cancelled() throws Exception {
        server.cli("job", "run", "--name", "brief", "--", "true");
        server.cli("job", "run", "--name", "sleepy", "--", "sleep", "600");
        assertThat(server.cli("job", "wait", "brief", "--timeout", "60s").exitCode()).isZero();

        var deleted = server.cli("job", "delete", "brief");
        var refused = server.cli("job", "delete", "sleepy");

        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        assertThat(deleted.output()).isEqualTo("job/brief deleted\n");
        assertThat(server.cli("job", "get", "brief").exitCode()).isEqualTo(1);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output().strip().lines()).hasSize(1);
        assertThat(refused.output()).contains("job default/sleepy is ").contains(": cancel it first (lepton job cancel sleepy)");
        server.cli("job", "cancel", "sleepy");
        server.cli("job", "wait", "sleepy", "--timeout", "60s");
        assertThat(server.cli("job", "delete", "sleepy").exitCode()).isZero();
    }

    @Test
    void an_impossible_job_is_explained_and_bad_input_is_one_line_with_a_non_zero_exit() throws Exception {
        server.cli("job", "run", "--name", "huge", "--gpus", "999", "--", "true");
        var explain = server.cli("job", "explain", "huge");
        assertThat(explain.output()).contains("999 nvidia.com/gpu");

        var bad = server.cli("job", "run", "--name", "Bad_Name", "--", "true");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output().strip().lines()).hasSize(1);
        assertThat(bad.output()).contains("metadata.name");
    }

    @Test
    void a_malformed_trace_or_cluster_file_is_one_line_naming_the_file_line_and_field() throws Exception {
        Path trace = home.resolve("jobs.csv");
        java.nio.file.Files.writeString(trace, "id,submit_time,duration,gpus\na,0,60,1\nb,10,soon,2\n");
        Path cluster = home.resolve("cluster.yaml");
        java.nio.file.Files.writeString(cluster, "nodes:\n  - count: 2\n    gpus: 4\n");
        Path badCluster = home.resolve("bad-cluster.yaml");
        java.nio.file.Files.writeString(badCluster, "nodes:\n  - count: 2\n    gpus: four\n");
        Path out = home.resolve("sim");

        var badTrace = server.cli("simulate", "--trace", trace.toString(), "--format", "csv", "--cluster", cluster.toString(),
                "--policy", "fifo", "--out", out.toString());
        assertThat(badTrace.exitCode()).isNotZero();
        assertThat(badTrace.output().strip().lines()).hasSize(1);
        assertThat(badTrace.output()).contains("jobs.csv:3: duration: not a number ('soon')");

        java.nio.file.Files.writeString(trace, "id,submit_time,duration,gpus\na,0,60,1\n");
        var badNodes = server.cli("simulate", "--trace", trace.toString(), "--format", "csv", "--cluster", badCluster.toString(),
                "--policy", "fifo", "--out", out.toString());
        assertThat(badNodes.exitCode()).isNotZero();
        assertThat(badNodes.output().strip().lines()).hasSize(1);
        assertThat(badNodes.output()).contains("bad-cluster.yaml:3: nodes[0].gpus: must be a whole number >= 0, got 'four'");

        Path workload = java.nio.file.Files.createDirectories(home.resolve("workloads")).resolve("workload-1.csv");
        java.nio.file.Files.writeString(workload, "name,time,application,num_replicas,batch_size\na,5,toy,two,100\n");
        java.nio.file.Files.createDirectories(home.resolve("app-profiles/toy"));
        var badWorkload = server.cli("simulate", "--trace", workload.toString(), "--format", "pollux", "--cluster", cluster.toString(),
                "--policy", "default", "--out", out.toString());
        assertThat(badWorkload.exitCode()).isEqualTo(2);
        assertThat(badWorkload.output().strip().lines()).hasSize(1);
        assertThat(badWorkload.output()).contains("workload-1.csv:2: field 'num_replicas': not an integer: 'two'");
        assertThat(out.resolve("summary.json")).as("nothing half-written").doesNotExist();
    }

    @Test
    void a_file_with_one_bad_document_applies_nothing() throws Exception {
        Path file = home.resolve("queues.yaml");
        java.nio.file.Files.writeString(file, """
                kind: Queue
                metadata: {name: green}
                spec:
                  nominal: {nvidia.com/gpu: "4"}
                  scoring: {binPack: 1, energy: 2}
                ---
                kind: Queue
                metadata: {name: typo}
                spec:
                  scoring: {greenness: 1}
                """);

        var apply = server.cli("apply", "-f", file.toString());
        assertThat(apply.exitCode()).isNotZero();
        assertThat(apply.output()).contains("document 2 (queue/typo): spec.scoring.greenness: unknown scorer").contains("nothing in")
                .doesNotContain("queue/green applied");
        var dryRun = server.cli("apply", "-f", file.toString(), "--dry-run");
        assertThat(dryRun.exitCode()).isNotZero();
        assertThat(dryRun.output()).as("a dry run names the document too").contains("queue/green valid (dry run)")
                .contains("document 2 (queue/typo): spec.scoring.greenness: unknown scorer");
        assertThat(server.cli("queue", "list").output()).doesNotContain("green");

        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replace("greenness", "spread"));
        assertThat(server.cli("apply", "-f", file.toString()).exitCode()).isZero();
        assertThat(server.cli("queue", "list").output()).contains("binPack=1 energy=2").contains("spread=1");
    }

    @Test
    void an_admin_administers_people_from_the_command_line() throws Exception {
        var created = server.cli("user", "create", "alice", "--role", "editor");
        assertThat(created.exitCode()).as(created.output()).isZero();
        String alice = created.output().lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7).strip();
        assertThat(server.cli("token", "list", "--all").output()).contains("alice").contains("admin");
        assertThat(server.cli("token", "list", "--user", "alice").output()).contains("alice").doesNotContain("admin ");

        var setRole = server.cli("user", "set-role", "alice", "--project", "vision", "--role", "viewer");
        assertThat(setRole.output()).contains("user/alice is viewer in project vision (roles now: default=editor,vision=viewer)");
        assertThat(server.cli("whoami", "--token", alice).output()).contains("Projects:  default (editor), vision (viewer)")
                .contains("Project:   default (you are editor here)");

        assertThat(server.cli("user", "disable", "alice").output()).contains("user/alice disabled");
        var refused = server.cli("whoami", "--token", alice);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output().strip()).startsWith("error: user 'alice' is disabled").doesNotContain("\n");
        assertThat(server.cli("user", "list").output()).containsPattern("alice +default=editor,vision=viewer +disabled");
        assertThat(server.cli("user", "enable", "alice").exitCode()).isZero();
        assertThat(server.cli("whoami", "--token", alice).exitCode()).isZero();

        assertThat(server.cli("user", "remove-role", "alice", "--project", "vision").output())
                .contains("user/alice has no role in project vision (roles now: default=editor)");
        var lastAdmin = server.cli("user", "disable", "admin");
        assertThat(lastAdmin.exitCode()).isEqualTo(1);
        assertThat(lastAdmin.output().strip().lines()).hasSize(1);
        assertThat(lastAdmin.output()).contains("last admin of every project ('*') who can sign in");

        assertThat(server.cli("user", "delete", "alice").output()).contains("user/alice deleted with their roles (default=editor) and tokens");
        assertThat(server.cli("whoami", "--token", alice).exitCode()).isEqualTo(1);
        assertThat(server.cli("user", "list").output()).doesNotContain("alice");
    }
}
