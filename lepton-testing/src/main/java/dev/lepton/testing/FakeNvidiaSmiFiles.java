package dev.lepton.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A shell script standing in for {@code nvidia-smi} that answers each query from a file the test
 * writes and rewrites as its synthetic load changes: {@code devices.csv}, {@code usage.csv},
 * {@code apps.csv} (the compute processes: GPU UUID, pid, used MiB). Arguments it does not expect
 * fail as the real tool's would. Give {@link #executable()} to {@code NvidiaSmi} in place of the real one.
 */
public final class FakeNvidiaSmiFiles {
    private final Path dir;
    private final Path executable;

    public FakeNvidiaSmiFiles(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
            this.executable = dir.resolve("nvidia-smi");
            Files.writeString(executable, """
                    #!/bin/sh
                    here="$(dirname "$0")"
                    [ "$2" = "--format=csv,noheader,nounits" ] || { echo "unexpected format: $2" >&2; exit 2; }
                    case "$1" in
                      --query-gpu=index,uuid,name,memory.total,power.limit) cat "$here/devices.csv" ;;
                      --query-gpu=index,utilization.gpu,memory.used,power.draw) cat "$here/usage.csv" ;;
                      --query-compute-apps=gpu_uuid,pid,used_memory) cat "$here/apps.csv" ;;
                      *) echo "unexpected arguments: $*" >&2; exit 2 ;;
                    esac
                    """);
            Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
            devices("");
            usage("");
            apps("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path executable() {
        return executable;
    }

    public FakeNvidiaSmiFiles devices(String csv) {
        return write("devices.csv", csv);
    }

    public FakeNvidiaSmiFiles usage(String csv) {
        return write("usage.csv", csv);
    }

    public FakeNvidiaSmiFiles apps(String csv) {
        return write("apps.csv", csv);
    }

    private FakeNvidiaSmiFiles write(String file, String csv) {
        try {
            Files.writeString(dir.resolve(file), csv);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
