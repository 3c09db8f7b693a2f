package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton user remove-role NAME [--project P]}: the user keeps their roles elsewhere. */
@Command(name = "remove-role", description = "Take away a user's role in the project (--project; '*' is every project) (cluster admin).")
public final class UserRemoveRoleCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiUser user = session.client().removeRole(name, session.project());
        session.output().show(user, u -> "user/" + u.name() + " has no role in " + Roles.project(session.project())
                + " (roles now: " + Roles.textOrNone(u.roles()) + ")");
        return 0;
    }
}
