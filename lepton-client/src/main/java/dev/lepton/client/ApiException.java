package dev.lepton.client;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.Problem;

/** The server refused a request; {@link #problem()} says why, with a stable code. */
public class ApiException extends RuntimeException {
    private final Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail() == null ? problem.title() : problem.detail());
        this.problem = requireNonNull(problem, "problem is null");
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    public String code() {
        return problem.code();
    }
}
