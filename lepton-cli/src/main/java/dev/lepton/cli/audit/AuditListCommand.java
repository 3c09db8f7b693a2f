package dev.lepton.cli.audit;

import dev.lepton.api.v1.ApiAuditEntry;
import dev.lepton.api.v1.ApiList;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.client.AuditFilter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code lepton audit list}: audit entries oldest first, following pages up to {@code --limit}.
 * {@code --project} is the global option: it filters only when typed on the command line, so that
 * a project from {@code LEPTON_PROJECT} or the credentials file does not hide the rest of the log.
 */
@Command(name = "list", aliases = "ls", description = "List audit entries, oldest first; --project (typed on this line) keeps those about one project.")
public final class AuditListCommand extends LeptonSubcommand {
    private static final int PAGE_SIZE = 500;
    private static final int DETAIL_WIDTH = 60;

    @Option(names = "--actor", paramLabel = "USER", description = "Only entries by this user.")
    String actor;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only entries of this action, e.g. job.create.")
    String action;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Only entries at or after this instant, e.g. 2026-12-01T08:00:00Z.")
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Only entries before this instant.")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw usageError("--limit must be at least 1, got " + limit);
        }
        Session session = session();
        AuditFilter filter = new AuditFilter(Optional.ofNullable(actor), projectTyped() ? Optional.of(session.project()) : Optional.empty(),
                Optional.ofNullable(action), instant("--since", since), instant("--until", until));
        List<ApiAuditEntry> entries = fetch(session, filter);
        session.output().show(entries, list -> list.isEmpty() ? "No audit entries." : table(list));
        return 0;
    }

    private List<ApiAuditEntry> fetch(Session session, AuditFilter filter) {
        List<ApiAuditEntry> entries = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            ApiList<ApiAuditEntry> page = session.client().audit(filter, Math.min(PAGE_SIZE, limit - entries.size()), cursor);
            entries.addAll(page.items().subList(0, Math.min(page.items().size(), limit - entries.size())));
            cursor = Optional.ofNullable(page.nextCursor()).filter(c -> !c.isEmpty());
        } while (cursor.isPresent() && entries.size() < limit);
        return entries;
    }

    /** Whether {@code --project} was typed, before or after the command's name. */
    private boolean projectTyped() {
        for (ParseResult result = spec.root().commandLine().getParseResult(); result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--project")) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> instant(String flag, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.strip()).toString());
        } catch (DateTimeParseException e) {
            throw usageError(flag + ": write an ISO-8601 instant like 2026-12-01T08:00:00Z (got '" + text + "')");
        }
    }

    static String table(List<ApiAuditEntry> entries) {
        Table table = Table.of("seq", "at", "actor", "action", "target", "allowed", "detail");
        entries.forEach(e -> table.row(e.seq(), e.at().truncatedTo(ChronoUnit.SECONDS), e.actor(), e.action(), e.target(),
                e.allowed() ? "yes" : "no", abbreviate(e.detail())));
        return table.render();
    }

    /** A long detail would push every other column off the screen; {@code -o json} shows it whole. */
    private static String abbreviate(String detail) {
        if (detail == null || detail.length() <= DETAIL_WIDTH) {
            return detail;
        }
        return detail.substring(0, DETAIL_WIDTH - 1) + "…";
    }
}
