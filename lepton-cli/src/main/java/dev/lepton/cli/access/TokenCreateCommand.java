package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiToken;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;

/** {@code lepton token create}: a new token for yourself, e.g. one per machine or script, so each can be revoked alone. */
@Command(name = "create", description = "Create a new token for the calling user and print it once.")
public final class TokenCreateCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        ApiToken token = session.client().createToken();
        session.output().show(token, t -> "token " + t.id() + " created for " + t.user() + "\n"
                + "token: " + t.token() + "\n"
                + "Copy the token now: it will not be shown again.");
        return 0;
    }
}
