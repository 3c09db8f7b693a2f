package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each project's own unprivileged user on this host, under which its workers run: a uid from a
 * configured range, given out in order on the project's first launch and kept in a file beside the
 * attempts, so that a project keeps its uid across restarts. No passwd entry is needed:
 * {@code setpriv(1)} switches to a bare uid and gid. Possible only where the server is root.
 */
final class WorkerUsers {
    /** The name {@link LocalProcessExecutor#isolation()} gives workers that run as their project's user. */
    static final String PROJECT_USER = "project-user";
    /** The name it gives workers that run as the server's own user. */
    static final String NONE = "none";

    private static final Logger log = LoggerFactory.getLogger(WorkerUsers.class);

    private final Path file;
    private final LocalExecutorConfig.WorkerUids range;
    private final Path setpriv;
    private final Map<String, Integer> byProject = new HashMap<>();

    private WorkerUsers(Path file, LocalExecutorConfig.WorkerUids range, Path setpriv) {
        this.file = file;
        this.range = range;
        this.setpriv = setpriv;
    }

    /** Project users where this host allows them (the server is root, and {@code setpriv} is installed); else empty, and why is logged. */
    static Optional<WorkerUsers> where(Path file, LocalExecutorConfig.WorkerUids range) {
        requireNonNull(file, "file is null");
        requireNonNull(range, "range is null");
        if (!isRoot()) {
            log.atWarn().setMessage("workers run as the server's own user: run the server as root to give each project's workers a user of "
                    + "their own (docs/operations.md, Security)").log();
            return Optional.empty();
        }
        Optional<Path> setpriv = onPath("setpriv");
        if (setpriv.isEmpty()) {
            log.atWarn().setMessage("workers run as the server's own user: setpriv(1) is not installed (Debian: util-linux)").log();
            return Optional.empty();
        }
        WorkerUsers users = new WorkerUsers(file, range, setpriv.get());
        users.load();
        return Optional.of(users);
    }

    /** The project's uid (also its gid), given out now if it has none. */
    synchronized int uidOf(String project) {
        Integer uid = byProject.get(project);
        if (uid != null) {
            return uid;
        }
        int next = range.first() + byProject.size();
        if (next >= range.first() + range.count()) {
            throw new IllegalStateException("no worker uid left for project " + project + ": all " + range.count()
                    + " of the range from " + range.first() + " are taken");
        }
        append(next + "\t" + project + "\n");
        byProject.put(project, next);
        log.atInfo().setMessage("project user assigned").addKeyValue("project", project).addKeyValue("uid", next).log();
        return next;
    }

    /** The command line that runs {@code command} as the user: no supplementary groups, and no way back to privilege. */
    List<String> runAs(int uid, List<String> command) {
        return Stream.concat(Stream.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs", "--"),
                command.stream()).toList();
    }

    /** Gives a tree to the user, without following links out of it. */
    static void chown(Path root, int uid) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", 2);
                if (fields.length == 2) {
                    byProject.put(fields[1], Integer.parseInt(fields[0]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the project users in " + file + ": " + e.getMessage(), e);
        }
    }

    private void append(String line) {
        // The server's alone, as the rest of its home: it names every project.
        try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            out.write(StandardCharsets.UTF_8.encode(line));
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a project user in " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The program on the server's {@code PATH}, if it is there. */
    static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }
}
