package dev.lepton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A leaf command: it returns its exit code and reaches the shared {@link Session} through its spec. */
public abstract class LeptonSubcommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected Session session() {
        return Session.of(spec);
    }

    /** A wrong command line found after parsing; reported like picocli's own usage errors (exit 2). */
    protected ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
