package dev.lepton.cli;

import static java.util.Objects.requireNonNull;

import dev.lepton.cli.access.TokenCommand;
import dev.lepton.cli.access.TokenCreateCommand;
import dev.lepton.cli.access.TokenListCommand;
import dev.lepton.cli.access.TokenRevokeCommand;
import dev.lepton.cli.access.TokenShowCommand;
import dev.lepton.cli.access.UserCommand;
import dev.lepton.cli.access.UserCreateCommand;
import dev.lepton.cli.access.UserDeleteCommand;
import dev.lepton.cli.access.UserDisableCommand;
import dev.lepton.cli.access.UserEnableCommand;
import dev.lepton.cli.access.UserListCommand;
import dev.lepton.cli.access.UserRemoveRoleCommand;
import dev.lepton.cli.access.UserSetRoleCommand;
import dev.lepton.cli.access.WhoamiCommand;
import dev.lepton.cli.apply.ApplyCommand;
import dev.lepton.cli.audit.AuditCommand;
import dev.lepton.cli.audit.AuditListCommand;
import dev.lepton.cli.audit.AuditVerifyCommand;
import dev.lepton.cli.cluster.CohortCommand;
import dev.lepton.cli.cluster.CohortDeleteCommand;
import dev.lepton.cli.cluster.CohortListCommand;
import dev.lepton.cli.cluster.NodeCommand;
import dev.lepton.cli.cluster.NodeHoldCommand;
import dev.lepton.cli.cluster.NodeListCommand;
import dev.lepton.cli.cluster.QueueCommand;
import dev.lepton.cli.cluster.QueueDeleteCommand;
import dev.lepton.cli.cluster.QueueListCommand;
import dev.lepton.cli.deploy.DeployApplyCommand;
import dev.lepton.cli.deploy.DeployCommand;
import dev.lepton.cli.deploy.DeployCreateCommand;
import dev.lepton.cli.deploy.DeployDeleteCommand;
import dev.lepton.cli.deploy.DeployFeedbackCommand;
import dev.lepton.cli.deploy.DeployGetCommand;
import dev.lepton.cli.deploy.DeployListCommand;
import dev.lepton.cli.deploy.DeployLogsCommand;
import dev.lepton.cli.deploy.DeployRollbackCommand;
import dev.lepton.cli.deploy.DeployScaleCommand;
import dev.lepton.cli.deploy.DeployStatusCommand;
import dev.lepton.cli.deploy.DeployTokenCommand;
import dev.lepton.cli.job.JobCancelCommand;
import dev.lepton.cli.job.JobDeleteCommand;
import dev.lepton.cli.job.JobCommand;
import dev.lepton.cli.job.JobEventsCommand;
import dev.lepton.cli.job.JobExplainCommand;
import dev.lepton.cli.job.JobGetCommand;
import dev.lepton.cli.job.JobListCommand;
import dev.lepton.cli.job.JobLogsCommand;
import dev.lepton.cli.job.JobRunCommand;
import dev.lepton.cli.job.JobWaitCommand;
import dev.lepton.cli.simulate.SimulateCommand;
import dev.lepton.cli.report.EnergyReportCommand;
import dev.lepton.cli.report.IdleReportCommand;
import dev.lepton.cli.report.ReportCommand;
import dev.lepton.cli.report.SustainabilityCommand;
import dev.lepton.cli.usage.UsageCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * Every {@code lepton} command, as data: its name, aliases and class, in the order help lists them.
 * Picocli builds a command's model by reflection over its annotations, 3 to 5 ms a command when
 * the JVM is cold, so a command line builds only the commands it names ({@link #route}); help, a
 * bare group and anything unrecognised get the whole tree, so that listings and "did you mean"
 * suggestions are complete. {@code CommandTreeTest} checks these names against the annotations.
 */
final class CommandTree {
    /** One command and, for a group, its subcommands. */
    record Node(String name, List<String> aliases, Class<?> type, List<Node> children) {
        Node {
            requireNonNull(name, "name is null");
            aliases = List.copyOf(aliases);
            requireNonNull(type, "type is null");
            children = List.copyOf(children);
        }

        boolean answersTo(String word) {
            return name.equals(word) || aliases.contains(word);
        }

        Optional<Node> child(String word) {
            return children.stream().filter(c -> c.answersTo(word)).findFirst();
        }
    }

    /** The root's options that take a value, so that the value is not mistaken for a command name. */
    static final Set<String> GLOBAL_OPTIONS_WITH_VALUES = Set.of("--server", "--token", "--project", "-o", "--output");

    static final List<Node> COMMANDS = List.of(
            leaf("apply", ApplyCommand.class),
            group("job", JobCommand.class,
                    leaf("run", JobRunCommand.class), leaf("list", JobListCommand.class, "ls"), leaf("get", JobGetCommand.class),
                    leaf("logs", JobLogsCommand.class), leaf("wait", JobWaitCommand.class), leaf("explain", JobExplainCommand.class),
                    leaf("events", JobEventsCommand.class), leaf("cancel", JobCancelCommand.class),
                    leaf("delete", JobDeleteCommand.class)),
            group("deploy", DeployCommand.class,
                    leaf("create", DeployCreateCommand.class), leaf("apply", DeployApplyCommand.class),
                    leaf("list", DeployListCommand.class, "ls"), leaf("get", DeployGetCommand.class),
                    leaf("status", DeployStatusCommand.class), leaf("logs", DeployLogsCommand.class),
                    leaf("scale", DeployScaleCommand.class), leaf("rollback", DeployRollbackCommand.class),
                    leaf("feedback", DeployFeedbackCommand.class), leaf("delete", DeployDeleteCommand.class, "rm"),
                    group("token", DeployTokenCommand.class, leaf("create", DeployTokenCommand.Create.class),
                            leaf("list", DeployTokenCommand.ListTokens.class, "ls"), leaf("revoke", DeployTokenCommand.Revoke.class))),
            group("node", NodeCommand.class, leaf("list", NodeListCommand.class, "ls"), leaf("cordon", NodeHoldCommand.Cordon.class),
                    leaf("drain", NodeHoldCommand.Drain.class), leaf("uncordon", NodeHoldCommand.Uncordon.class)),
            group("queue", QueueCommand.class, leaf("list", QueueListCommand.class, "ls"), leaf("delete", QueueDeleteCommand.class, "rm")),
            group("cohort", CohortCommand.class, leaf("list", CohortListCommand.class, "ls"), leaf("delete", CohortDeleteCommand.class, "rm")),
            group("user", UserCommand.class, leaf("create", UserCreateCommand.class), leaf("list", UserListCommand.class, "ls"),
                    leaf("set-role", UserSetRoleCommand.class), leaf("remove-role", UserRemoveRoleCommand.class),
                    leaf("disable", UserDisableCommand.class), leaf("enable", UserEnableCommand.class),
                    leaf("delete", UserDeleteCommand.class, "rm")),
            group("token", TokenCommand.class, leaf("show", TokenShowCommand.class), leaf("create", TokenCreateCommand.class),
                    leaf("list", TokenListCommand.class, "ls"), leaf("revoke", TokenRevokeCommand.class)),
            leaf("whoami", WhoamiCommand.class),
            group("audit", AuditCommand.class, leaf("list", AuditListCommand.class, "ls"), leaf("verify", AuditVerifyCommand.class)),
            leaf("usage", UsageCommand.class),
            group("report", ReportCommand.class, leaf("energy", EnergyReportCommand.Energy.class),
                    leaf("carbon", EnergyReportCommand.Carbon.class), leaf("cost", EnergyReportCommand.Cost.class),
                    leaf("sustainability", SustainabilityCommand.class), leaf("idle", IdleReportCommand.class)),
            leaf("simulate", SimulateCommand.class),
            leaf("help", CommandLine.HelpCommand.class));

    private CommandTree() {}

    /**
     * The commands {@code args} names, from the top: {@code job list} → [job, list]; empty when the
     * line names no command, starts with {@code help}, or has a word that is no command here.
     */
    static List<Node> route(String[] args) {
        List<Node> path = new ArrayList<>();
        List<Node> candidates = COMMANDS;
        for (String word : words(args)) {
            if (candidates.isEmpty()) {
                break;
            }
            Optional<Node> named = candidates.stream().filter(c -> c.answersTo(word)).findFirst();
            if (named.isEmpty() || named.get().type() == CommandLine.HelpCommand.class) {
                return path.isEmpty() ? List.of() : path;
            }
            path.add(named.get());
            candidates = named.get().children();
        }
        return path;
    }

    /** The first word of {@code args} that is neither an option nor an option's value: the command's name. */
    static Optional<String> firstWord(String[] args) {
        return words(args).stream().findFirst();
    }

    /**
     * The words of {@code args} that may name commands, in order, up to {@code --}. Only the global
     * options' values are known to be values; words after a leaf command's own options mean nothing here.
     */
    private static List<String> words(String[] args) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            if (!args[i].startsWith("-")) {
                words.add(args[i]);
            } else if (GLOBAL_OPTIONS_WITH_VALUES.contains(args[i])) {
                i++;
            }
        }
        return words;
    }

    /** Adds every command to {@code root}. */
    static void addAll(CommandLine root) {
        COMMANDS.forEach(node -> add(root, node, List.of()));
    }

    /** Adds the commands {@code path} names to {@code root}; a group named alone gets all its commands. */
    static void addPath(CommandLine root, List<Node> path) {
        add(root, path.getFirst(), path.subList(1, path.size()));
    }

    private static void add(CommandLine parent, Node node, List<Node> below) {
        CommandLine command = new CommandLine(node.type(), parent.getFactory());
        List<Node> children = below.isEmpty() ? node.children() : List.of(below.getFirst());
        for (Node child : children) {
            add(command, child, below.isEmpty() ? List.of() : below.subList(1, below.size()));
        }
        parent.addSubcommand(node.name(), command, node.aliases().toArray(String[]::new));
    }

    private static Node leaf(String name, Class<?> type, String... aliases) {
        return new Node(name, List.of(aliases), type, List.of());
    }

    private static Node group(String name, Class<?> type, Node... children) {
        return new Node(name, List.of(), type, List.of(children));
    }
}
