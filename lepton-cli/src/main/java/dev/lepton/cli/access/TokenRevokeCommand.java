package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiToken;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton token revoke ID}: the token stops working at once. A cluster admin may revoke anyone's. */
@Command(name = "revoke", description = "Revoke a token (its id from 'lepton token list'): your own, or, as a cluster admin, anyone's.")
public final class TokenRevokeCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "ID", description = "The token's id, as 'lepton token list' shows it.")
    String id;

    @Override
    public Integer call() {
        Session session = session();
        ApiToken revoked = session.client().revokeToken(id);
        session.output().show(revoked, t -> "token " + t.id() + " of " + t.user() + " revoked");
        return 0;
    }
}
