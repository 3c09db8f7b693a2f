package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiExplanation.NodeVerdict;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton job explain NAME}: why the job is where it is, node by node. */
@Command(name = "explain", description = "Explain a job's placement: what each node said.")
public final class JobExplainCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The job.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiExplanation explanation = session.client().explainJob(session.project(), name);
        session.output().show(explanation, JobExplainCommand::text);
        return 0;
    }

    /** Each weighted scorer's part of a node's score: {@code binPack=0.812 energy=0.500}. */
    private static String scorers(NodeVerdict verdict) {
        return verdict.parts() == null ? null : verdict.parts().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.3f", e.getValue())).collect(Collectors.joining(" "));
    }

    static String text(ApiExplanation explanation) {
        String headline = JobText.ref(explanation.job()) + " " + explanation.phase()
                + (explanation.outcome() == null ? "" : " (" + explanation.outcome() + ")")
                + (explanation.summary() == null ? "" : ": " + explanation.summary());
        if (explanation.array() != null) {
            headline += "\n  array: " + WorkflowText.array(explanation.array());
        }
        for (var dependency : explanation.dependencies() == null ? List.<dev.lepton.api.v1.ApiDependencyStatus>of() : explanation.dependencies()) {
            headline += "\n  after: " + WorkflowText.dependency(dependency);
        }
        List<NodeVerdict> nodes = explanation.nodes() == null ? List.of() : explanation.nodes();
        String decided = explanation.decidedAt() == null ? ""
                : "\nDecided by the scheduler at " + explanation.decidedAt() + " (cause: " + explanation.cause() + ")"
                        + (nodes.isEmpty() ? "" : "; the nodes as it saw them then:");
        if (nodes.isEmpty()) {
            return headline + decided;
        }
        boolean parts = nodes.stream().anyMatch(v -> v.parts() != null && !v.parts().isEmpty());
        Table table = parts ? Table.of("node", "feasible", "reason", "score", "scorers") : Table.of("node", "feasible", "reason", "score");
        for (NodeVerdict verdict : nodes) {
            String score = verdict.score() == null ? null : String.format(Locale.ROOT, "%.3f", verdict.score());
            if (parts) {
                table.row(verdict.node(), verdict.feasible() ? "yes" : "no", verdict.reason(), score, scorers(verdict));
            } else {
                table.row(verdict.node(), verdict.feasible() ? "yes" : "no", verdict.reason(), score);
            }
        }
        return headline + decided + "\n\n" + table.render();
    }
}
