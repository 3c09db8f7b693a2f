package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code app-profiles/} folder: one sub-folder per application with {@code validation-<batch>.csv}
 * and step-time measurements, either {@code placements.csv} and {@code scalability.csv} (Pollux: T4s)
 * or one pair per GPU type, {@code placements-<type>.csv} and {@code scalability-<type>.csv} (Sia). An
 * application is read when a run first asks for it on a GPU model, so that a folder the workload does
 * not use (Sia's pipeline-parallel {@code gpt_pmp}) costs nothing.
 */
final class AppProfiles {
    /**
     * Max local batches the artifacts hard-code below what their placements measure, by application and
     * step-time files: Pollux's yolov3 (plain files), Sia's deepspeech2 on {@code rtx}.
     */
    private static final Map<String, Integer> MAX_LOCAL_BATCH_OVERRIDES = Map.of("yolov3", 8, "deepspeech2-rtx", 57);
    private static final Pattern VALIDATION = Pattern.compile("validation-(\\d+)\\.csv");
    /**
     * Sia's GPU types ({@code simulator_config.py}) by the GPU model a cluster file names: {@code aws}
     * g4dn.12xlarge (T4), {@code azure} ND40rs_v2 (V100), {@code dgx-ext} DGX-A100 with extended batch
     * sizes (the artifact's default over {@code dgx}), {@code quad} Quadro RTX 6000, {@code rtx} RTX 2080 Ti.
     * A cluster file may also name the type itself.
     */
    private static final Map<String, String> SIA_TYPES = Map.of("T4", "aws", "V100", "azure", "A100", "dgx-ext",
            "RTX6000", "quad", "QUADRORTX6000", "quad", "RTX2080TI", "rtx", "2080TI", "rtx");

    /** The folder read from, or null for profiles held in memory. */
    private final Path dir;
    private final Set<String> names;
    /** In memory: by application, the same on every GPU model. Read from {@link #dir}: by application and GPU model, as asked for. */
    private final Map<String, AppProfile> profiles;

    private AppProfiles(Path dir, Set<String> names, Map<String, AppProfile> profiles) {
        this.dir = dir;
        this.names = Set.copyOf(names);
        this.profiles = profiles;
    }

    /** Profiles held in memory (tests), the same for every GPU model. */
    static AppProfiles of(AppProfile... profiles) {
        Map<String, AppProfile> map = new TreeMap<>();
        for (AppProfile p : profiles) {
            map.put(p.name(), p);
        }
        return new AppProfiles(null, map.keySet(), Map.copyOf(map));
    }

    Set<String> names() {
        return new TreeSet<>(names);
    }

    /** The application's profile on nodes of {@code gpuModel}, read on first use. */
    AppProfile get(String application, String gpuModel) {
        if (!names.contains(application)) {
            throw new IllegalArgumentException("no profile for application '" + application + "' (have " + names() + ")");
        }
        if (dir == null) {
            return profiles.get(application);
        }
        Path appDir = dir.resolve(application);
        // One run reads it, on its one thread.
        return profiles.computeIfAbsent(application + "@" + gpuModel, key -> readApp(appDir, stepTimeType(appDir, gpuModel)));
    }

    /** Lists the application folders under {@code dir}; each is read when first asked for. */
    static AppProfiles read(Path dir) {
        requireNonNull(dir, "dir is null");
        if (!Files.isDirectory(dir)) {
            throw new PolluxFormatException(dir + ": application profiles folder not found");
        }
        Set<String> names = new TreeSet<>();
        try (Stream<Path> apps = Files.list(dir)) {
            apps.filter(Files::isDirectory).forEach(app -> names.add(app.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (names.isEmpty()) {
            throw new PolluxFormatException(dir + ": no application folders");
        }
        return new AppProfiles(dir, names, new HashMap<>());
    }

    /**
     * Which step-time files describe {@code gpuModel} in {@code appDir}: {@code ""} for the plain
     * {@code placements.csv} of a folder that measures one GPU type (Pollux), else the Sia type.
     */
    private static String stepTimeType(Path appDir, String gpuModel) {
        List<String> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(appDir)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("placements-") && f.endsWith(".csv"))
                    .map(f -> f.substring("placements-".length(), f.length() - ".csv".length())).sorted().forEach(types::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + appDir, e);
        }
        if (types.isEmpty()) {
            return "";
        }
        String key = gpuModel.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        String type = types.contains(gpuModel) ? gpuModel : SIA_TYPES.get(key);
        if (type == null || !types.contains(type)) {
            throw new PolluxFormatException(appDir + ": no step times for GPU model '" + gpuModel + "'"
                    + (type == null ? "" : " (type '" + type + "')") + "; measured types: " + types
                    + (type == null ? "; name one of them, or " + new TreeSet<>(SIA_TYPES.keySet()) + ", as the cluster's gpuModel" : ""));
        }
        return type;
    }

    /** One application on one GPU type ({@code ""}: the plain files). */
    static AppProfile readApp(Path appDir, String type) {
        String name = appDir.getFileName().toString();
        List<ValidationCurve> curves = new ArrayList<>();
        try (Stream<Path> files = Files.list(appDir)) {
            for (Path f : files.sorted().toList()) {
                Matcher m = VALIDATION.matcher(f.getFileName().toString());
                if (m.matches()) {
                    curves.add(ValidationCurve.read(f, Integer.parseInt(m.group(1))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + appDir, e);
        }
        if (curves.isEmpty()) {
            throw new PolluxFormatException(appDir + ": no validation-<batch>.csv files");
        }
        curves.sort(Comparator.comparingInt(ValidationCurve::batchSize));
        int epochs = curves.getFirst().epochs();
        for (ValidationCurve c : curves) {
            if (c.epochs() != epochs) {
                throw new PolluxFormatException(appDir.resolve("validation-" + c.batchSize() + ".csv") + ": " + c.epochs()
                        + " epochs, but validation-" + curves.getFirst().batchSize() + ".csv has " + epochs);
            }
        }
        String suffix = type.isEmpty() ? "" : "-" + type;
        Path placements = appDir.resolve("placements" + suffix + ".csv");
        CsvTable table = CsvTable.read(placements, List.of("local_bsz"));
        int minLocal = Integer.MAX_VALUE;
        int maxLocal = 0;
        for (CsvTable.Row row : table.rows()) {
            int local = table.integer(row, "local_bsz");
            minLocal = Math.min(minLocal, local);
            maxLocal = Math.max(maxLocal, local);
        }
        if (maxLocal == 0) {
            throw PolluxFormatException.inFile(placements, "no rows");
        }
        maxLocal = MAX_LOCAL_BATCH_OVERRIDES.getOrDefault(name + suffix, maxLocal);
        StepTimeModel stepTimes = StepTimeModel.read(placements, appDir.resolve("scalability" + suffix + ".csv"));
        return new AppProfile(name, curves, minLocal, maxLocal, stepTimes);
    }
}
