package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.api.v1.ApiUserRequest;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lepton user create NAME --project P --role R}: the answer carries the user's token, which
 * the server keeps only as a hash, so this is the one chance to copy it.
 */
@Command(name = "create", description = "Create a user with a role in the project (--project) and print their token.")
public final class UserCreateCommand extends LeptonSubcommand {
    /** The roles the server knows; an enum so that picocli lists them when the value is wrong. */
    enum Role { ADMIN, EDITOR, VIEWER }

    @Parameters(paramLabel = "NAME", description = "The user's name.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, editor or viewer.")
    Role role;

    @Override
    public Integer call() {
        Session session = session();
        ApiUserRequest request = new ApiUserRequest(name, session.project(), role.name().toLowerCase(Locale.ROOT));
        ApiUser user = session.client().createUser(request);
        session.output().show(user, UserCreateCommand::text);
        return 0;
    }

    static String text(ApiUser user) {
        return "user/" + user.name() + " created (" + Roles.text(user.roles()) + ")\n"
                + "token: " + user.token() + "\n"
                + "Copy the token now: it will not be shown again.";
    }
}
