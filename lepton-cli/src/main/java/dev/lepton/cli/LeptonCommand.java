package dev.lepton.cli;

import static java.util.Objects.requireNonNull;

import dev.lepton.cli.access.TokenCommand;
import dev.lepton.cli.access.UserCommand;
import dev.lepton.cli.access.WhoamiCommand;
import dev.lepton.cli.apply.ApplyCommand;
import dev.lepton.cli.cluster.NodeCommand;
import dev.lepton.cli.cluster.CohortCommand;
import dev.lepton.cli.cluster.QueueCommand;
import dev.lepton.cli.job.JobCommand;
import dev.lepton.cli.output.Output;
import dev.lepton.cli.output.OutputFormat;
import dev.lepton.cli.simulate.SimulateCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code lepton}: the root command. Its options are global ({@code scope = INHERIT}), so they may
 * come before or after the subcommand: {@code lepton -o json job list} and {@code lepton job list -o json}.
 * Having no {@code call()} of its own, it answers a bare {@code lepton} with "missing subcommand".
 */
@Command(name = "lepton",
        scope = ScopeType.INHERIT, // --help and --version on every subcommand
        mixinStandardHelpOptions = true,
        versionProvider = LeptonCommand.Version.class,
        description = "Run and inspect AI workloads on a Lepton server.",
        footer = {"", "Server and token default to $LEPTON_HOME/credentials (~/.lepton), written by 'lepton server'."},
        subcommands = {ApplyCommand.class, JobCommand.class, NodeCommand.class, QueueCommand.class, CohortCommand.class,
                UserCommand.class, TokenCommand.class, WhoamiCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class})
public final class LeptonCommand {
    @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Server URL (env LEPTON_SERVER; default: the credentials file, then " + ClientSettings.DEFAULT_SERVER_TEXT + ").")
    private String server;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "Bearer token (env LEPTON_TOKEN; default: the credentials file).")
    private String token;

    @Option(names = "--project", paramLabel = "PROJECT", scope = ScopeType.INHERIT,
            description = "Project to work in (env LEPTON_PROJECT; default: " + ClientSettings.DEFAULT_PROJECT + ").")
    private String project;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT, defaultValue = "table",
            description = "Output format: table, json or yaml (default: ${DEFAULT-VALUE}).")
    private OutputFormat output;

    private final Environment environment;
    private Session session;

    public LeptonCommand(Environment environment) {
        this.environment = requireNonNull(environment, "environment is null");
    }

    /** The configured command line for this process, with {@code extraSubcommands} (e.g. {@code server}) added. */
    public static CommandLine commandLine(Object... extraSubcommands) {
        return commandLine(Environment.system(), extraSubcommands);
    }

    /** Runs {@code lepton ARGS} and returns the exit status, having printed any failure as one line. */
    public static int run(String[] args, Object... extraSubcommands) {
        return commandLine(extraSubcommands).execute(args);
    }

    public static CommandLine commandLine(Environment environment, Object... extraSubcommands) {
        CommandLine commandLine = new CommandLine(new LeptonCommand(environment));
        for (Object extra : extraSubcommands) {
            commandLine.addSubcommand(extra);
        }
        ErrorReporter errors = new ErrorReporter(environment);
        // Everything after `job run`'s first positional is the workload's argv, even words that look like options.
        commandLine.getSubcommands().get("job").getSubcommands().get("run").setStopAtPositional(true);
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(environment.out(), true))
                .setErr(new PrintWriter(environment.err(), true))
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Resolved once, after parsing: global options may appear anywhere on the line. */
    synchronized Session session() {
        if (session == null) {
            ClientSettings settings = ClientSettings.resolve(new ClientSettings.Flags(server, token, project),
                    environment.variables(), environment.userHome());
            session = new Session(settings, new Output(output, environment.out()), environment);
        }
        return session;
    }

    /** The version of the jar the CLI runs from, as the build stamped it. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LeptonCommand.class.getPackage().getImplementationVersion();
            return new String[] {"lepton " + (version == null ? "(development build)" : version)};
        }
    }
}
