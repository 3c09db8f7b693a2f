package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton user enable NAME}: a disabled user's tokens work again. */
@Command(name = "enable", description = "Enable a disabled user: their tokens work again (cluster admin).")
public final class UserEnableCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiUser user = session.client().enableUser(name);
        session.output().show(user, u -> "user/" + u.name() + " enabled (roles: " + Roles.textOrNone(u.roles()) + ")");
        return 0;
    }
}
