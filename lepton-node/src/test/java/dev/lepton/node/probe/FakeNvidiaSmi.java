package dev.lepton.node.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** Writes shell scripts that stand in for {@code nvidia-smi}, answering each query with canned CSV. */
final class FakeNvidiaSmi {
    static final String TWO_GPUS = """
            0, GPU-6f1c2a9e-0000-1111-2222-333344445555, NVIDIA H100 80GB HBM3, 81559, 700.00
            1, GPU-aa00bb11-0000-1111-2222-333344445555, NVIDIA A100-SXM4-40GB, 40960, [N/A]
            this line is not a GPU
            """;
    static final String TWO_GPUS_BUSY = """
            0, 35, 1024, 68.53
            1, [N/A], 0, [N/A]
            """;

    private FakeNvidiaSmi() {}

    static NvidiaSmi answering(Path dir, String devices, String usage) throws IOException {
        return script(dir, """
                #!/bin/sh
                case "$1" in
                  --query-gpu=%s) cat <<'CSV'
                %sCSV
                  ;;
                  --query-gpu=%s) cat <<'CSV'
                %sCSV
                  ;;
                  *) echo "unexpected arguments: $*" >&2; exit 2 ;;
                esac
                """.formatted(NvidiaSmi.DEVICE_FIELDS, devices, NvidiaSmi.USAGE_FIELDS, usage));
    }

    /** What nvidia-smi does when the driver is not loaded. */
    static NvidiaSmi failing(Path dir) throws IOException {
        return script(dir, "#!/bin/sh\necho 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver' >&2\nexit 9\n");
    }

    private static NvidiaSmi script(Path dir, String text) throws IOException {
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new NvidiaSmi(script, Duration.ofSeconds(10));
    }
}
