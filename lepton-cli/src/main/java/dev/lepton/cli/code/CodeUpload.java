package dev.lepton.cli.code;

import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Units;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Packs a directory and makes sure the server has the snapshot, sending it only when the project does not. */
public final class CodeUpload {
    /** How a spec names a snapshot on the wire. */
    public static final String PREFIX = "sha256:";

    private CodeUpload() {}

    /** Whether a spec's {@code code} already names a snapshot rather than a local directory. */
    public static boolean isReference(String code) {
        return code.startsWith(PREFIX);
    }

    /**
     * The snapshot reference ({@code sha256:…}) of {@code directory}, uploaded to the session's project
     * if need be; {@code source} names where the directory came from in messages ({@code --code}).
     */
    public static String ship(Session session, Path directory, String source) {
        CodeSnapshot snapshot;
        try {
            snapshot = CodeSnapshot.pack(directory, CodeSnapshot.MAX_BYTES);
        } catch (CodeSnapshot.TooLargeException e) {
            throw new CliFailure(ExitCode.USAGE, source + ": the snapshot of " + directory + " is " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new CliFailure(ExitCode.USAGE, source + ": no such directory: " + directory);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, source + ": cannot pack " + directory + " (" + e.getMessage() + ")");
        }
        try {
            snapshot.skippedLinks().forEach(link -> session.environment().err().println(
                    "note: " + source + ": left out " + link + " (a link to outside the directory)"));
            boolean present = session.client().hasCode(session.project(), snapshot.sha256());
            if (!present) {
                session.client().uploadCode(session.project(), snapshot.sha256(), snapshot.archive());
            }
            session.output().note("code: " + snapshot.files() + " file(s), " + Units.bytes(snapshot.fileBytes()) + " as " + PREFIX
                    + snapshot.sha256().substring(0, 12) + "… (" + (present ? "already on the server" : "uploaded, "
                    + Units.bytes(snapshot.sizeBytes())) + ")");
            return PREFIX + snapshot.sha256();
        } finally {
            try {
                Files.deleteIfExists(snapshot.archive());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the temporary archive " + snapshot.archive(), e);
            }
        }
    }
}
