package dev.lepton.core.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Named priority levels; a job's numeric {@code priority} may also be given directly. */
public enum PriorityClass {
    LOW(100),
    MID(500),
    HIGH(1000);

    private final int level;

    PriorityClass(int level) {
        this.level = level;
    }

    public int level() {
        return level;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PriorityClass parse(String text) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown priority class; use "
                        + Arrays.stream(values()).map(PriorityClass::wireName).collect(Collectors.joining(", "))));
    }

    /** The class whose level this is, if any. */
    public static Optional<PriorityClass> of(int level) {
        return Arrays.stream(values()).filter(c -> c.level == level).findFirst();
    }
}
