package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lepton user set-role NAME --role R [--project P]}: the role replaces the one the user had in that project. */
@Command(name = "set-role", description = "Give a user a role in the project (--project; '*' is every project), replacing the one they had there (cluster admin).")
public final class UserSetRoleCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, editor or viewer.")
    UserCreateCommand.Role role;

    @Override
    public Integer call() {
        Session session = session();
        ApiUser user = session.client().setRole(name, session.project(), role.name().toLowerCase(Locale.ROOT));
        session.output().show(user, u -> "user/" + u.name() + " is " + role.name().toLowerCase(Locale.ROOT) + " in "
                + Roles.project(session.project()) + " (roles now: " + Roles.textOrNone(u.roles()) + ")");
        return 0;
    }
}
