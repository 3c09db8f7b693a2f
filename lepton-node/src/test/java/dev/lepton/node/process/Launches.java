package dev.lepton.node.process;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.resource.Resources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Builds launch specs for tests: {@code Launches.shell("exit 3").rank(2).env("K", "V").build()}. */
final class Launches {
    private final List<String> command;
    private final Map<String, String> env = new HashMap<>();
    private String jobUid = "job-" + UUID.randomUUID();
    private String project = "ml";
    private int rank;
    private List<Integer> gpus = List.of();
    private long cpuMillis;
    private long memoryBytes;
    private Optional<String> workingDir = Optional.empty();
    private Optional<String> code = Optional.empty();

    private Launches(List<String> command) {
        this.command = command;
    }

    /** A worker that runs {@code script} with {@code sh -c}. */
    static Launches shell(String script) {
        return new Launches(List.of("sh", "-c", script));
    }

    static Launches command(String... command) {
        return new Launches(List.of(command));
    }

    Launches job(String uid) {
        this.jobUid = uid;
        return this;
    }

    Launches project(String project) {
        this.project = project;
        return this;
    }

    Launches rank(int rank) {
        this.rank = rank;
        return this;
    }

    Launches env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Launches gpus(Integer... indices) {
        this.gpus = List.of(indices);
        return this;
    }

    Launches cpu(long millis) {
        this.cpuMillis = millis;
        return this;
    }

    Launches memory(long bytes) {
        this.memoryBytes = bytes;
        return this;
    }

    Launches workingDir(String dir) {
        this.workingDir = Optional.of(dir);
        return this;
    }

    Launches code(String sha256) {
        this.code = Optional.of(sha256);
        return this;
    }

    LaunchSpec build() {
        return new LaunchSpec(new AttemptId(jobUid, 1, rank), project, "local", command, env, new Resources(cpuMillis, memoryBytes, gpus.size()), gpus,
                workingDir, code);
    }
}
