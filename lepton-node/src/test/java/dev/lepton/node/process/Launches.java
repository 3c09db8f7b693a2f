package dev.lepton.node.process;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.resource.Resources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds launch specs for tests: {@code Launches.shell("exit 3").rank(2).env("K", "V").build()}. */
final class Launches {
    private final List<String> command;
    private final Map<String, String> env = new HashMap<>();
    private String jobUid = "job-" + UUID.randomUUID();
    private int rank;
    private List<Integer> gpus = List.of();

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

    LaunchSpec build() {
        return new LaunchSpec(new AttemptId(jobUid, 1, rank), "local", command, env, new Resources(0, 0, gpus.size()), gpus);
    }
}
