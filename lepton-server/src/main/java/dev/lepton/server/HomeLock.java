package dev.lepton.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server per home: an OS file lock on {@code $LEPTON_HOME/server.lock}, held for the server's
 * life and released by the OS when the process dies, however it dies. The file says who holds it
 * ({@code pid=} and {@code port=} lines) so that a second server can name the first when it refuses
 * to start. The file itself stays: deleting a lock file would let two servers lock two different files.
 */
public final class HomeLock implements AutoCloseable {
    public static final String FILE = "server.lock";
    private static final Logger log = LoggerFactory.getLogger(HomeLock.class);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Another server holds the home. */
    public static final class HomeInUseException extends RuntimeException {
        public HomeInUseException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock of {@code home} (creating the directory if need be) and records this process's
     * pid; throws {@link HomeInUseException}, naming the holder, when another server has it.
     */
    public static HomeLock acquire(Path home) {
        requireNonNull(home, "home is null");
        Path file = home.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(home);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = describeHolder(Files.readString(file, StandardCharsets.UTF_8));
                channel.close();
                throw new HomeInUseException("another Lepton server (" + holder + ") is using " + home.toAbsolutePath()
                        + "; stop it first, or start this one with another --home");
            }
            HomeLock held = new HomeLock(file, channel, lock);
            held.record(ProcessHandle.current().pid(), "starting");
            return held;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            return null; // a server in this very JVM holds it
        }
    }

    /** Says which port the server answers on, once it listens. */
    public void listening(int port) {
        record(ProcessHandle.current().pid(), Integer.toString(port));
    }

    private void record(long pid, String port) {
        byte[] text = ("pid=" + pid + "\nport=" + port + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text), 0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** "pid 1234, port 8420" from the lock file's lines; what is missing is said to be unknown. */
    static String describeHolder(String text) {
        Map<String, String> values = new HashMap<>();
        text.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')).strip(),
                l.substring(l.indexOf('=') + 1).strip()));
        return "pid " + values.getOrDefault("pid", "unknown") + ", port " + values.getOrDefault("port", "unknown");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            log.atDebug().setMessage("cannot release the home lock; closing its file releases it").addKeyValue("error", e.toString()).log();
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.atDebug().setMessage("cannot close the home lock file; the OS drops the lock with the process")
                        .addKeyValue("error", e.toString()).log();
            }
        }
    }
}
