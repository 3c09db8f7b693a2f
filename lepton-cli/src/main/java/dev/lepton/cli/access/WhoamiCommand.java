package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;

/** {@code lepton whoami}: the user the token belongs to, the projects where they have a role, and where the CLI is pointed. */
@Command(name = "whoami", description = "Show who the token belongs to, the projects where they have a role, and their role in this one.")
public final class WhoamiCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        ApiUser user = session.client().whoami();
        session.output().show(user, u -> text(u, session));
        return 0;
    }

    static String text(ApiUser user, Session session) {
        return "User:      " + user.name() + "\n"
                + "Projects:  " + Roles.projects(user.roles()) + "\n"
                + "Server:    " + session.settings().server() + "\n"
                + "Project:   " + session.project() + Roles.effective(user.roles(), session.project())
                        .map(role -> " (you are " + role + " here)").orElse(" (you have no role here)");
    }
}
