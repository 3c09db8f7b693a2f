package dev.lepton.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A shell script standing in for {@code rocm-smi} that answers each of the two queries Lepton makes from a file the
 * test writes: {@code devices.json} ({@code --showproductname --showmeminfo vram --showmaxpower --showuniqueid --json})
 * and {@code usage.json} ({@code --showpower --showuse --showmeminfo vram --json}), in rocm-smi's JSON. Other
 * arguments fail as the real tool's would. Give {@link #executable()} to {@code RocmSmi} in place of the real one.
 */
public final class FakeRocmSmiFiles {
    private final Path dir;
    private final Path executable;

    public FakeRocmSmiFiles(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
            this.executable = dir.resolve("rocm-smi");
            Files.writeString(executable, """
                    #!/bin/sh
                    here="$(dirname "$0")"
                    case "$*" in
                      "--showproductname --showmeminfo vram --showmaxpower --showuniqueid --json") cat "$here/devices.json" ;;
                      "--showpower --showuse --showmeminfo vram --json") cat "$here/usage.json" ;;
                      *) echo "unexpected arguments: $*" >&2; exit 2 ;;
                    esac
                    """);
            Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
            devices("{}");
            usage("{}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path executable() {
        return executable;
    }

    public FakeRocmSmiFiles devices(String json) {
        return write("devices.json", json);
    }

    public FakeRocmSmiFiles usage(String json) {
        return write("usage.json", json);
    }

    private FakeRocmSmiFiles write(String file, String json) {
        try {
            Files.writeString(dir.resolve(file), json);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
