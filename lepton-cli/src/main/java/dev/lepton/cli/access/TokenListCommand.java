package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiToken;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code lepton token list}: your tokens by id (the start of their hash; the server keeps nothing more). */
@Command(name = "list", aliases = "ls", description = "List the calling user's tokens.")
public final class TokenListCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        session.output().show(session.client().tokens(), list -> table(list, session.clock().instant()));
        return 0;
    }

    static String table(List<ApiToken> tokens, Instant now) {
        Table table = Table.of("id", "user", "age");
        tokens.forEach(t -> table.row(t.id(), t.user(), Units.age(t.createdAt(), now)));
        return table.render();
    }
}
