package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobStatus;
import dev.lepton.api.v1.ApiList;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lepton job list}: jobs newest first as the server orders them, following pages up to {@code --limit}. */
@Command(name = "list", aliases = "ls", description = "List jobs in the project.")
public final class JobListCommand extends LeptonSubcommand {
    private static final int PAGE_SIZE = 200;
    private static final int MESSAGE_WIDTH = 60;

    @Option(names = "--phase", paramLabel = "P", description = "Only jobs in this phase, e.g. Running.")
    String phase;

    @Option(names = {"-A", "--all-projects"}, description = "Jobs of every project you may see.")
    boolean allProjects;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "500", description = "At most N jobs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw usageError("--limit must be at least 1, got " + limit);
        }
        Session session = session();
        List<ApiJob> jobs = fetch(session);
        session.output().show(jobs, list -> list.isEmpty() ? nothingFound(session) : table(list, session.clock().instant()));
        return 0;
    }

    private List<ApiJob> fetch(Session session) {
        Optional<String> project = allProjects ? Optional.empty() : Optional.of(session.project());
        List<ApiJob> jobs = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            int pageSize = Math.min(PAGE_SIZE, limit - jobs.size());
            ApiList<ApiJob> page = session.client().jobs(project, Optional.ofNullable(phase), pageSize, cursor);
            jobs.addAll(page.items().subList(0, Math.min(page.items().size(), limit - jobs.size())));
            cursor = Optional.ofNullable(page.nextCursor()).filter(c -> !c.isEmpty());
        } while (cursor.isPresent() && jobs.size() < limit);
        return jobs;
    }

    private String nothingFound(Session session) {
        String where = allProjects ? "in any project" : "in project " + session.project();
        return "No jobs" + (phase == null ? "" : " in phase " + phase) + " " + where + ".";
    }

    String table(List<ApiJob> jobs, Instant now) {
        Table table = allProjects ? Table.of("project", "name", "phase", "workers", "attempt", "age", "message")
                : Table.of("name", "phase", "workers", "attempt", "age", "message");
        for (ApiJob job : jobs) {
            List<Object> cells = new ArrayList<>(Arrays.asList(job.metadata().name(), JobText.phase(job), workers(job),
                    JobText.status(job).map(ApiJobStatus::attempt).orElse(0), Units.age(job.metadata().createdAt(), now),
                    abbreviate(JobText.status(job).map(ApiJobStatus::message).orElse(null))));
            if (allProjects) {
                cells.addFirst(job.metadata().project());
            }
            table.row(cells.toArray());
        }
        return table.render();
    }

    private static Object workers(ApiJob job) {
        return job.spec() == null || job.spec().workers() == null ? null : job.spec().workers();
    }

    /** A long message would push every other row off the screen; {@code job get} shows it whole. */
    private static String abbreviate(String message) {
        if (message == null || message.length() <= MESSAGE_WIDTH) {
            return message;
        }
        return message.substring(0, MESSAGE_WIDTH - 1) + "…";
    }
}
