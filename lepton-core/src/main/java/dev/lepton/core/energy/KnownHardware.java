package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The table of known CPU and GPU power ({@value #RESOURCE}, which cites its sources): for a model
 * name, the first row of its kind whose pattern is found in the name. The table ends each kind with a
 * catch-all row, so every CPU and GPU gets a range; the edge reads the file and hands its text here.
 */
public final class KnownHardware {
    public static final String RESOURCE = "/dev/lepton/core/energy/known-hardware.csv";

    /** Whether a row's watts are for one logical CPU (times the node's) or for one GPU. */
    public enum Per { LOGICAL_CPU, DEVICE }

    /** One row: {@code kind} is {@link ComponentKind#CPU_PACKAGE} or {@link ComponentKind#GPU}. */
    public record Row(ComponentKind kind, Pattern pattern, PowerRange range, Per per, String source) {
        public Row {
            requireNonNull(kind, "kind is null");
            requireNonNull(pattern, "pattern is null");
            requireNonNull(range, "range is null");
            requireNonNull(per, "per is null");
            requireNonNull(source, "source is null");
        }

        /** The catch-all row ({@code .*}) that ends its kind: the model is not actually known. */
        public boolean isFallback() {
            return pattern.pattern().equals(".*");
        }
    }

    private final List<Row> rows;

    public KnownHardware(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** Parses the table's CSV text; lines starting with {@code #}, blank lines and the header are skipped. */
    public static KnownHardware parse(String csv) {
        List<Row> rows = new ArrayList<>();
        String[] lines = csv.split("\\R");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("kind,")) {
                continue;
            }
            rows.add(row(n + 1, line));
        }
        return new KnownHardware(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The first CPU row that matches {@code model}. */
    public Optional<Row> cpu(String model) {
        return find(ComponentKind.CPU_PACKAGE, model);
    }

    /** The first GPU row that matches {@code model}. */
    public Optional<Row> gpu(String model) {
        return find(ComponentKind.GPU, model);
    }

    private Optional<Row> find(ComponentKind kind, String model) {
        requireNonNull(model, "model is null");
        return rows.stream().filter(r -> r.kind() == kind && r.pattern().matcher(model).find()).findFirst();
    }

    private static Row row(int lineNumber, String line) {
        String[] fields = line.split(",", 6);
        if (fields.length != 6) {
            throw new IllegalArgumentException("known hardware line " + lineNumber + ": expected 6 fields: " + line);
        }
        try {
            ComponentKind kind = switch (fields[0].strip()) {
                case "cpu" -> ComponentKind.CPU_PACKAGE;
                case "gpu" -> ComponentKind.GPU;
                default -> throw new IllegalArgumentException("kind must be cpu or gpu");
            };
            Per per = switch (fields[4].strip()) {
                case "logical-cpu" -> Per.LOGICAL_CPU;
                case "device" -> Per.DEVICE;
                default -> throw new IllegalArgumentException("per must be logical-cpu or device");
            };
            return new Row(kind, Pattern.compile(fields[1].strip(), Pattern.CASE_INSENSITIVE),
                    new PowerRange(Double.parseDouble(fields[2].strip()), Double.parseDouble(fields[3].strip())), per, fields[5].strip());
        } catch (IllegalArgumentException e) { // also a PatternSyntaxException or NumberFormatException
            throw new IllegalArgumentException("known hardware line " + lineNumber + ": " + e.getMessage() + ": " + line, e);
        }
    }
}
