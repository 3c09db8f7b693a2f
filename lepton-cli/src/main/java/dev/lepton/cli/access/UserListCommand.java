package dev.lepton.cli.access;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code lepton user list}: users, their roles and whether disabled (never tokens: the server has only hashes). */
@Command(name = "list", aliases = "ls", description = "List users, their roles and whether they are disabled.")
public final class UserListCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        List<ApiUser> users = session.client().users();
        session.output().show(users, list -> table(list, session.clock().instant()));
        return 0;
    }

    static String table(List<ApiUser> users, Instant now) {
        Table table = Table.of("name", "roles", "status", "age");
        users.forEach(user -> table.row(user.name(), Roles.text(user.roles()), Boolean.TRUE.equals(user.disabled()) ? "disabled" : "active",
                Units.age(user.createdAt(), now)));
        return table.render();
    }
}
