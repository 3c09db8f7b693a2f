package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiToken;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lepton token list [--user NAME | --all]}: tokens by id (the start of their hash; the server
 * keeps nothing more): yours, or, for a cluster admin, another user's or everyone's.
 */
@Command(name = "list", aliases = "ls", description = "List the calling user's tokens, another user's (--user) or everyone's (--all; both cluster admin).")
public final class TokenListCommand extends LeptonSubcommand {
    @Option(names = "--user", paramLabel = "NAME", description = "Another user's tokens.")
    String user;

    @Option(names = "--all", description = "Every user's tokens.")
    boolean all;

    @Override
    public Integer call() {
        if (all && user != null) {
            throw usageError("--user and --all: give one or the other");
        }
        Session session = session();
        List<ApiToken> tokens = all ? session.client().allTokens() : user != null ? session.client().tokensOf(user) : session.client().tokens();
        session.output().show(tokens, list -> table(list, session.clock().instant()));
        return 0;
    }

    static String table(List<ApiToken> tokens, Instant now) {
        Table table = Table.of("id", "user", "age");
        tokens.forEach(t -> table.row(t.id(), t.user(), Units.age(t.createdAt(), now)));
        return table.render();
    }
}
