package dev.lepton.cli;

import static java.util.Objects.requireNonNull;

import dev.lepton.cli.output.Output;
import dev.lepton.cli.output.OutputFormat;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code lepton}: the root command. Its options are global ({@code scope = INHERIT}), so they may
 * come before or after the subcommand: {@code lepton -o json job list} and {@code lepton job list -o json}.
 * Having no {@code call()} of its own, it answers a bare {@code lepton} with "missing subcommand".
 * Its subcommands are in {@link CommandTree}, which builds only those a command line names.
 */
@Command(name = "lepton",
        scope = ScopeType.INHERIT, // --help and --version on every subcommand
        mixinStandardHelpOptions = true,
        versionProvider = LeptonCommand.Version.class,
        description = "Run and inspect AI workloads on a Lepton server.",
        footer = {"", "Server and token default to $LEPTON_HOME/credentials (~/.lepton), written by 'lepton server'."})
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
            description = "Output format: table, json or yaml; csv for reports (default: ${DEFAULT-VALUE}).")
    private OutputFormat output;

    private final Environment environment;
    private Session session;

    public LeptonCommand(Environment environment) {
        this.environment = requireNonNull(environment, "environment is null");
    }

    /** The configured command line for this process, every command in it, with {@code extraSubcommands} (e.g. {@code server}) added. */
    public static CommandLine commandLine(Object... extraSubcommands) {
        return commandLine(Environment.system(), extraSubcommands);
    }

    /** Runs {@code lepton ARGS} and returns the exit status, having printed any failure as one line. */
    public static int run(String[] args, Object... extraSubcommands) {
        return commandLineFor(args, Environment.system(), extraSubcommands).execute(args);
    }

    /** Every command, as help lists them. */
    public static CommandLine commandLine(Environment environment, Object... extraSubcommands) {
        return configure(environment, root -> addAll(root, extraSubcommands));
    }

    /**
     * The commands {@code args} needs and no more (see {@link CommandTree}): {@code job list} builds
     * the root, {@code job} and {@code list}. An added command is built when {@code args} names it.
     */
    public static CommandLine commandLineFor(String[] args, Environment environment, Object... extraSubcommands) {
        List<CommandTree.Node> path = CommandTree.route(args);
        if (!path.isEmpty()) {
            return configure(environment, root -> CommandTree.addPath(root, path));
        }
        String first = CommandTree.firstWord(args).orElse("");
        List<Object> named = Stream.of(extraSubcommands).filter(extra -> nameOf(extra).equals(first)).toList();
        return named.isEmpty() ? commandLine(environment, extraSubcommands) : configure(environment, root -> named.forEach(root::addSubcommand));
    }

    private static void addAll(CommandLine root, Object... extraSubcommands) {
        CommandTree.addAll(root);
        for (Object extra : extraSubcommands) {
            root.addSubcommand(extra);
        }
    }

    private static CommandLine configure(Environment environment, Consumer<CommandLine> addSubcommands) {
        CommandLine commandLine = new CommandLine(new LeptonCommand(environment));
        addSubcommands.accept(commandLine);
        ErrorReporter errors = new ErrorReporter(environment);
        // Everything after `job run`'s first positional is the workload's argv, even words that look like options.
        CommandLine job = commandLine.getSubcommands().get("job");
        if (job != null && job.getSubcommands().containsKey("run")) {
            job.getSubcommands().get("run").setStopAtPositional(true);
        }
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(environment.out(), true))
                .setErr(new PrintWriter(environment.err(), true))
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    private static String nameOf(Object command) {
        Command annotation = command.getClass().getAnnotation(Command.class);
        return annotation == null ? "" : annotation.name();
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
