package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bubblewrap ({@code bwrap(1)}) sandbox around a project user's worker: its own mount, PID and IPC
 * namespaces, showing the system's directories read-only, the GPUs' device nodes, a private
 * {@code /tmp} and {@code /dev/shm}, the worker's own tree read-write at the path it has on the
 * host, and Lepton's own jar read-only where the server runs from one (a deployment's replica runs
 * {@code lepton serve-model} from it); nothing of the server's home, other attempts, {@code /root}, {@code /home}, {@code /var},
 * {@code /run}, the host's {@code /tmp} or other processes. The network stays the host's: workers of
 * one job meet over TCP at {@code LEPTON_MASTER_ADDR}.
 *
 * <p>bwrap runs as root (it needs to, to make the namespaces without a user namespace) and keeps only
 * {@code CAP_SETUID} and {@code CAP_SETGID}, so that {@code setpriv} inside can drop to the project's
 * uid. Three things keep the wrapper's contract (group signals, exit code, CPU time) intact:
 * <ul>
 * <li>bwrap stays in the wrapper's process group (no {@code --new-session}), so a stop's group signal
 *     reaches the command directly. bwrap itself would die of SIGTERM or of a warning signal and report
 *     143 while the command still runs, so it ignores them ({@code env --ignore-signal}); the command gets
 *     them back at their default ({@code env --default-signal}), as it would on exec from the wrapper.
 * <li>{@code --as-pid-1} with a shell of ours as PID 1: bwrap's own init lets bwrap return as soon as
 *     the command ends without waiting for the init, so the command's CPU time never reached the
 *     wrapper's {@code times}. Our shell waits for the command in the foreground and exits with its
 *     status (128 + N when it died of signal N). PID 1 of a namespace gets no signal it has no handler
 *     for, which is why the command is its child and not PID 1 itself. When the command ends, PID 1 ends,
 *     and the kernel kills whatever the command left running in the sandbox.
 * <li>{@code --die-with-parent}: if bwrap is SIGKILLed (the grace has passed, or the watch's memory
 *     kill), the sandbox goes with it. Since bwrap ignores the graceful signals, this never shortens a
 *     grace period.
 * </ul>
 */
final class Sandbox {
    /** The name {@link LocalProcessExecutor#isolation()} gives workers that run as their project's user in a sandbox. */
    static final String NAME = "sandbox";

    /** Every signal a stop sends to the group before SIGKILL: SIGTERM, and the warnings a job may ask for. */
    private static final String STOP_SIGNALS = "TERM,INT,HUP,QUIT,USR1,USR2";
    /** PID 1 in the sandbox: runs the command as its child. The trailing exit stops a shell from exec'ing the command in its place. */
    private static final String INIT = "\"$@\"; code=$?; exit \"$code\"";
    /** Symbolic links on merged-/usr systems, directories elsewhere. */
    private static final List<String> LIBRARY_DIRS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> SYSTEM_DIRS = List.of("/usr", "/etc", "/opt", "/sys");
    private static final Path DEV = Path.of("/dev");
    private static final long PROBE_TIMEOUT_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

    private final List<String> prefix;

    private Sandbox(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /**
     * The sandbox where this host can make it: {@code bwrap} and {@code env} are installed and {@code probe}
     * (a project user's {@code true}) runs in it; else empty, and why is logged.
     */
    static Optional<Sandbox> where(List<String> probe) {
        requireNonNull(probe, "probe is null");
        Optional<Path> bwrap = WorkerUsers.onPath("bwrap");
        Optional<Path> env = WorkerUsers.onPath("env");
        if (bwrap.isEmpty() || env.isEmpty()) {
            log.atWarn().setMessage("workers run as their project's user, without a sandbox: bwrap(1) is not installed (Debian: bubblewrap)").log();
            return Optional.empty();
        }
        Sandbox sandbox = new Sandbox(prefix(bwrap.get(), env.get()));
        Optional<String> failure = sandbox.probe(probe);
        if (failure.isPresent()) {
            log.atWarn().setMessage("workers run as their project's user, without a sandbox: bwrap cannot make one on this host "
                    + "(it needs root, or unprivileged user namespaces, and mount and PID namespaces)").addKeyValue("error", failure.get()).log();
            return Optional.empty();
        }
        return Optional.of(sandbox);
    }

    /**
     * The command line that runs {@code command} (already wrapped by {@code setpriv}) in the sandbox, with
     * {@code trees} read-write at their own paths, {@code tmp} as {@code /tmp}, starting in {@code workingDir}.
     */
    List<String> command(List<Path> trees, Path tmp, Path workingDir, List<String> command) {
        List<String> line = new ArrayList<>(prefix);
        gpuDevices().forEach(device -> line.addAll(List.of("--dev-bind-try", device.toString(), device.toString())));
        Optional<Path> jar = LeptonJar.location().filter(j -> SYSTEM_DIRS.stream().noneMatch(dir -> j.startsWith(dir)));
        // The directories above lepton.jar first, passable by all: a tree bound below one of them (a home and a checkout
        // under the same /home/user) would otherwise have bwrap make it for root alone, and the jar unreachable.
        jar.ifPresent(j -> line.addAll(openDirectoriesAbove(j)));
        line.addAll(List.of("--bind", tmp.toString(), "/tmp"));
        for (Path tree : trees) {
            // Passable by all above the tree, as above the jar: a worker reaches its own working directory by its absolute path too
            // (Python's http.server, os.path.abspath), where bwrap would make the directories above it for root alone.
            line.addAll(openDirectoriesAbove(tree));
            line.addAll(List.of("--bind", tree.toString(), tree.toString()));
        }
        // The jar after /tmp and the trees: it may live below either (a checkout under /tmp), and a later mount would hide it.
        jar.ifPresent(j -> {
            line.addAll(openDirectoriesAbove(j));
            line.addAll(List.of("--ro-bind", j.toString(), j.toString()));
            // A model replica starts from the class-data archive beside the jar, where the server has made one.
            String archive = LeptonJar.serveModelArchive(j).toString();
            line.addAll(List.of("--ro-bind-try", archive, archive));
        });
        line.addAll(List.of("--chdir", workingDir.toString(), "--", WorkerWrapper.SHELL, "-c", INIT, "lepton-sandbox",
                prefix.get(0), "--default-signal=" + STOP_SIGNALS));
        line.addAll(command);
        return line;
    }

    /**
     * bwrap's options that make each directory above {@code file} that is missing, passable by all but listable by none
     * (0711: the path leads to the file, and shows nothing else); one that exists stays as it is.
     */
    private static List<String> openDirectoriesAbove(Path file) {
        List<String> options = new ArrayList<>();
        for (Path dir = file.getRoot(); !dir.equals(file.getParent()); ) {
            dir = dir.resolve(file.getParent().getName(dir.getNameCount()));
            options.addAll(List.of("--perms", "0711", "--dir", dir.toString()));
        }
        return options;
    }

    /** {@code env} ignoring the stop signals, then bwrap with every option that does not depend on the attempt. */
    private static List<String> prefix(Path bwrap, Path env) {
        List<String> line = new ArrayList<>(List.of(env.toString(), "--ignore-signal=" + STOP_SIGNALS, bwrap.toString(),
                "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--as-pid-1",
                "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"));
        for (String dir : SYSTEM_DIRS) {
            if (Files.isDirectory(Path.of(dir))) {
                line.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        for (String dir : LIBRARY_DIRS) {
            Path path = Path.of(dir);
            if (Files.isSymbolicLink(path)) {
                line.addAll(List.of("--symlink", readLink(path), dir));
            } else if (Files.isDirectory(path)) {
                line.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        resolvConfOutsideEtc().ifPresent(target -> line.addAll(List.of("--ro-bind-try", target.toString(), target.toString())));
        // /dev/shm is where PyTorch's DataLoader workers pass tensors: a tmpfs all may write, as on the host.
        line.addAll(List.of("--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm", "--proc", "/proc"));
        return line;
    }

    /** With systemd-resolved, {@code /etc/resolv.conf} links into {@code /run}: that one file, so that names still resolve. */
    private static Optional<Path> resolvConfOutsideEtc() {
        Path resolvConf = Path.of("/etc/resolv.conf");
        try {
            Path target = resolvConf.toRealPath();
            return SYSTEM_DIRS.stream().anyMatch(dir -> target.startsWith(dir)) ? Optional.empty() : Optional.of(target);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The GPUs' device nodes ({@code /dev/nvidia*}, {@code /dev/dri}), looked for at each launch because the
     * driver makes {@code /dev/nvidia-uvm} on first use. All are shown: {@code CUDA_VISIBLE_DEVICES} picks.
     */
    private static List<Path> gpuDevices() {
        List<Path> devices = new ArrayList<>();
        try (DirectoryStream<Path> nvidia = Files.newDirectoryStream(DEV, "nvidia*")) {
            nvidia.forEach(devices::add);
        } catch (IOException e) {
            log.atDebug().setMessage("cannot list /dev for GPU devices").addKeyValue("error", e.toString()).log();
        }
        Path dri = DEV.resolve("dri");
        if (Files.isDirectory(dri, LinkOption.NOFOLLOW_LINKS)) {
            devices.add(dri);
        }
        return devices.stream().sorted().toList();
    }

    private Optional<String> probe(List<String> probe) {
        List<String> line = new ArrayList<>(prefix);
        line.addAll(List.of("--tmpfs", "/tmp", "--", WorkerWrapper.SHELL, "-c", INIT, "lepton-sandbox", prefix.get(0),
                "--default-signal=" + STOP_SIGNALS));
        line.addAll(probe);
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            // What bwrap says on failure is one line, far below a pipe's buffer: it cannot block on writing it.
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("bwrap did not finish in " + PROBE_TIMEOUT_SECONDS + "s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? Optional.empty() : Optional.of("exit " + process.exitValue() + ": " + output);
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the link " + link + ": " + e.getMessage(), e);
        }
    }
}
