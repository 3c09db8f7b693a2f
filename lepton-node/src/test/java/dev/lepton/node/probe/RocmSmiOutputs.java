package dev.lepton.node.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** rocm-smi's output, from the files under {@code src/test/resources/rocm-smi/} (written in its documented format; its README says from where). */
public final class RocmSmiOutputs {
    private RocmSmiOutputs() {}

    public static String read(String name) {
        try {
            return Files.readString(Path.of(RocmSmiOutputs.class.getResource("/rocm-smi/" + name).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
