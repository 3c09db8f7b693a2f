package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;

/** {@code lepton whoami}: the user the token belongs to, and where the CLI is pointed. */
@Command(name = "whoami", description = "Show who the token belongs to and their roles.")
public final class WhoamiCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        ApiUser user = session.client().whoami();
        session.output().show(user, u -> text(u, session));
        return 0;
    }

    private static String text(ApiUser user, Session session) {
        return "User:     " + user.name() + "\n"
                + "Roles:    " + (user.roles() == null || user.roles().isEmpty() ? "none" : Roles.text(user.roles())) + "\n"
                + "Server:   " + session.settings().server() + "\n"
                + "Project:  " + session.project();
    }
}
