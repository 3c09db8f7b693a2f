package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton user disable NAME}: their tokens stop working at once; roles, tokens and jobs stay for {@code enable}. */
@Command(name = "disable", description = "Disable a user: no token of theirs works until they are enabled; their jobs go on (cluster admin).")
public final class UserDisableCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiUser user = session.client().disableUser(name);
        session.output().show(user, u -> "user/" + u.name() + " disabled: no token of theirs works until 'lepton user enable " + u.name() + "'");
        return 0;
    }
}
