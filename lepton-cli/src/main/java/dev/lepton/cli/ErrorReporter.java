package dev.lepton.cli;

import dev.lepton.api.codec.WireFormatException;
import dev.lepton.client.ApiException;
import dev.lepton.client.ServerUnreachableException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr that starts with {@code error:} and, where it can,
 * says what to do next, plus an {@link ExitCode}. Stack traces are for bugs only: they are printed
 * for unexpected exceptions, and only when {@code LEPTON_DEBUG} is set.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final boolean debug;

    ErrorReporter(Environment environment) {
        this.debug = environment.variables().containsKey("LEPTON_DEBUG");
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + oneLine(ex.getMessage()));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("try '" + command.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        ExitCode exit = switch (ex) {
            case CliFailure failure -> report(err, failure.getMessage(), failure.exitCode());
            case ApiException refused -> report(err, refusal(refused), ExitCode.FAILED);
            case ServerUnreachableException unreachable -> report(err, unreachable.getMessage(), ExitCode.UNREACHABLE);
            // The client raises this when the server accepted the connection but never answered.
            case UncheckedIOException io -> report(err, io.getMessage(), ExitCode.UNREACHABLE);
            case WireFormatException malformed ->
                    report(err, "the server sent an answer this CLI cannot read (" + malformed.getMessage()
                            + "); is the CLI the same version as the server (lepton --version)?", ExitCode.USAGE);
            default -> unexpected(err, ex);
        };
        err.flush();
        return exit.code();
    }

    /** The server's own words, plus a hint for the refusals a user can fix. */
    static String refusal(ApiException refused) {
        String hint = switch (refused.status()) {
            case 401 -> "; check your token (lepton token show)";
            case 403 -> "; your role does not allow this here (lepton whoami shows your roles)";
            case 404 -> notFoundHint(refused.problem().instance());
            case 409 -> "ALREADY_EXISTS".equals(refused.code()) ? "; choose another name, or delete the old one first (a job: lepton job delete NAME)" : "";
            default -> "";
        };
        return oneLine(refused.getMessage()) + hint;
    }

    /** Where to look for the right name: nodes, queues and cohorts are cluster-wide, jobs live in a project. */
    private static String notFoundHint(String instance) {
        String path = instance == null ? "" : instance;
        if (path.startsWith("/api/v1/nodes/")) {
            return "; check the name (lepton node list)";
        }
        if (path.startsWith("/api/v1/queues/")) {
            return "; check the name (lepton queue list)";
        }
        if (path.startsWith("/api/v1/cohorts/")) {
            return "; check the name (lepton cohort list)";
        }
        if (path.startsWith("/api/v1/deployments/")) {
            return "; check the name and the project (--project), or list what exists (lepton deploy list)";
        }
        return "; check the name and the project (--project), or list what exists (e.g. lepton job list)";
    }

    private ExitCode unexpected(PrintWriter err, Exception ex) {
        report(err, ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage()))
                + (debug ? "" : " (set LEPTON_DEBUG=1 for details)"), ExitCode.FAILED);
        if (debug) {
            ex.printStackTrace(err);
        }
        return ExitCode.FAILED;
    }

    private static ExitCode report(PrintWriter err, String message, ExitCode exit) {
        err.println("error: " + oneLine(message));
        return exit;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
