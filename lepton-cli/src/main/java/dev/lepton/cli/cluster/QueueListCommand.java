package dev.lepton.cli.cluster;

import dev.lepton.api.v1.ApiQueue;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code lepton queue list}: how many jobs wait and run in each queue. */
@Command(name = "list", aliases = "ls", description = "List queues with their quotas, usage, and queued and running jobs.")
public final class QueueListCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        List<ApiQueue> queues = session.client().queues();
        session.output().show(queues, QueueListCommand::table);
        return 0;
    }

    /** {@code cpu=64 nvidia.com/gpu=16}, or {@code none} when there are no amounts. */
    static String quota(Map<String, String> amounts, String none) {
        if (amounts == null || amounts.isEmpty()) {
            return none;
        }
        return amounts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    static String table(List<ApiQueue> queues) {
        if (queues.isEmpty()) {
            return "No queues.";
        }
        Table table = Table.of("name", "cohort", "nominal", "in use", "borrowed", "queued", "running", "scoring");
        queues.forEach(queue -> table.row(queue.metadata().name(), Optional.ofNullable(queue.spec().cohort()).orElse("-"),
                quota(queue.spec().nominal(), "unlimited"), quota(queue.status().usage(), "-"), quota(queue.status().borrowed(), "-"),
                queue.status().queued(), queue.status().running(), scoring(queue.spec().scoring())));
        return table.render();
    }

    /** {@code binPack=1 energy=2}, weights as given (whole numbers without a decimal point). */
    static String scoring(Map<String, Double> weights) {
        if (weights == null || weights.isEmpty()) {
            return "-";
        }
        return new java.util.TreeMap<>(weights).entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() == Math.rint(e.getValue()) ? String.valueOf(e.getValue().longValue()) : e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
