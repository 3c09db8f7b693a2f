package dev.lepton.core.job;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * A job that must end before this one may start, as Slurm's {@code --dependency}: {@code job} is
 * the name the user wrote (a job, or an array: then every task), {@code condition} how it must end.
 * {@code uids} are the jobs that name stood for at submission ({@code array}: the array's tasks);
 * empty until the server has resolved the name, so that a later job of the same name is not mistaken for it.
 */
public record Dependency(String job, Condition condition, boolean array, List<String> uids) {
    public Dependency {
        requireNonNull(job, "job is null");
        requireNonNull(condition, "condition is null");
        uids = List.copyOf(uids);
    }

    /** As written, before the server has looked the name up. */
    public static Dependency unresolved(String job, Condition condition) {
        return new Dependency(job, condition, false, List.of());
    }

    public Dependency resolved(boolean isArray, List<String> jobUids) {
        return new Dependency(job, condition, isArray, jobUids);
    }

    /** {@code job prep} or {@code array arr}, as messages name it. */
    public String target() {
        return (array ? "array " : "job ") + job;
    }

    /** How the job it names must end. */
    public enum Condition {
        /** Slurm's {@code afterok}: it must succeed; if it fails or is cancelled, this job never runs. */
        SUCCEEDED,
        /** Slurm's {@code afterany}: it must end, however. */
        FINISHED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The verb in messages: "to succeed", "to finish". */
        public String verb() {
            return this == SUCCEEDED ? "succeed" : "finish";
        }

        public static Condition parse(String text) {
            for (Condition c : values()) {
                if (c.wireName().equals(text)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("must be succeeded or finished");
        }
    }
}
