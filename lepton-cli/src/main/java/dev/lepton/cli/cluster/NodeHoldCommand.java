package dev.lepton.cli.cluster;

import dev.lepton.api.v1.ApiNode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lepton node cordon|drain|uncordon NAME [--reason TEXT] [--let-finish]}: the operator's hold on a node, over what its
 * source says of it, audited. Cordoned, it takes no new work; drained, what runs there is also preempted and
 * queued again to run elsewhere; uncordoned, it takes work again.
 */
public abstract class NodeHoldCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The node, as `lepton node list` names it.")
    String name;

    abstract ApiNode hold(Session session);

    @Override
    public Integer call() {
        Session session = session();
        ApiNode node = hold(session);
        session.output().show(node, NodeHoldCommand::line);
        return 0;
    }

    static String line(ApiNode node) {
        String held = node.cordon() == null ? "" : " (" + (node.cordon().drain() ? "drained" : "cordoned") + " by " + node.cordon().by()
                + (node.cordon().letFinish() ? ", letting its work finish" : "")
                + (node.cordon().reason().isEmpty() ? "" : ": " + node.cordon().reason()) + ")";
        return "node/" + node.name() + " " + node.condition() + held;
    }

    /** Reasons a hold carries into the node's event and the audit log. */
    abstract static class WithReason extends NodeHoldCommand {
        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why, for the node's events and the audit log.")
        String reason;
    }

    @Command(name = "cordon", description = "Take no new work on a node; what runs there goes on (cluster admin).")
    public static final class Cordon extends WithReason {
        @Override
        ApiNode hold(Session session) {
            return session.client().cordonNode(name, reason, false);
        }
    }

    @Command(name = "drain", description = "Cordon a node and move what runs there elsewhere: preempted and queued again; "
            + "with --let-finish, left to end by itself (cluster admin).")
    public static final class Drain extends WithReason {
        @Option(names = "--let-finish", description = "Let what runs there end by itself (Slurm's DRAIN) instead of moving it.")
        boolean letFinish;

        @Override
        ApiNode hold(Session session) {
            return letFinish ? session.client().drainNodeLettingWorkFinish(name, reason) : session.client().cordonNode(name, reason, true);
        }
    }

    @Command(name = "uncordon", description = "Lift a cordon or drain: the node takes work again (cluster admin).")
    public static final class Uncordon extends NodeHoldCommand {
        @Override
        ApiNode hold(Session session) {
            return session.client().uncordonNode(name);
        }
    }
}
