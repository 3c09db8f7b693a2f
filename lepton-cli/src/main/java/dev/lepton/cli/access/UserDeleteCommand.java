package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton user delete NAME}: the user, their roles and tokens go; what they ran stays. */
@Command(name = "delete", aliases = "rm", description = "Delete a user with their roles and tokens; their jobs stay (cluster admin).")
public final class UserDeleteCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiUser user = session.client().deleteUser(name);
        session.output().show(user, u -> "user/" + u.name() + " deleted with their roles (" + Roles.textOrNone(u.roles())
                + ") and tokens; their jobs stay");
        return 0;
    }
}
