package dev.lepton.slurm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lepton.core.failure.LeptonException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The Slurm on this machine, for the tests tagged {@value #TAG}: they skip, saying so, where no Slurm
 * answers. The partition is {@code LEPTON_TEST_SLURM_PARTITION}, else Slurm's default one.
 */
public final class RealSlurm {
    public static final String TAG = "slurm";
    public static final String SKIP = "no Slurm answers here: run bench/slurm/setup.sh (root)";

    private static final SlurmCli CLI = new ProcessSlurmCli(SlurmCliConfig.DEFAULTS);
    private static Optional<String> defaultPartition;

    private RealSlurm() {}

    /** The commands of a Slurm that answers; skips the calling test otherwise. */
    public static synchronized SlurmCli cli() {
        if (defaultPartition == null) {
            defaultPartition = ask();
            if (defaultPartition.isEmpty()) {
                LoggerFactory.getLogger(RealSlurm.class).warn("skipping the tests tagged {}: {}", TAG, SKIP);
            }
        }
        assumeTrue(defaultPartition.isPresent(), SKIP);
        return CLI;
    }

    public static String partition() {
        cli();
        return Optional.ofNullable(System.getenv("LEPTON_TEST_SLURM_PARTITION")).orElse(defaultPartition.orElseThrow());
    }

    private static Optional<String> ask() {
        try {
            CliOutput sinfo = CLI.run("sinfo", "--noheader", "--format=%P");
            if (!sinfo.succeeded()) {
                return Optional.empty();
            }
            String[] partitions = sinfo.stdout().strip().split("\\R");
            return Arrays.stream(partitions).filter(p -> p.endsWith("*")).map(p -> p.substring(0, p.length() - 1)).findFirst()
                    .or(() -> Arrays.stream(partitions).filter(p -> !p.isBlank()).findFirst());
        } catch (LeptonException e) {
            return Optional.empty();
        }
    }
}
