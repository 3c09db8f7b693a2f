package dev.lepton.cli.cluster;

import dev.lepton.api.v1.ApiQueue;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code lepton queue list}: how many jobs wait and run in each queue. */
@Command(name = "list", aliases = "ls", description = "List queues with their queued and running jobs.")
public final class QueueListCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        List<ApiQueue> queues = session.client().queues();
        session.output().show(queues, QueueListCommand::table);
        return 0;
    }

    static String table(List<ApiQueue> queues) {
        if (queues.isEmpty()) {
            return "No queues.";
        }
        Table table = Table.of("name", "queued", "running");
        queues.forEach(queue -> table.row(queue.name(), queue.queued(), queue.running()));
        return table.render();
    }
}
