package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code app-profiles/} folder: one sub-folder per application with {@code placements.csv},
 * {@code scalability.csv} and {@code validation-<batch>.csv}.
 */
final class AppProfiles {
    /** The artifact hard-codes a smaller max local batch for yolov3 than its placements.csv measures. */
    private static final Map<String, Integer> MAX_LOCAL_BATCH_OVERRIDES = Map.of("yolov3", 8);
    private static final Pattern VALIDATION = Pattern.compile("validation-(\\d+)\\.csv");

    private final Map<String, AppProfile> byName;

    private AppProfiles(Map<String, AppProfile> byName) {
        this.byName = Map.copyOf(byName);
    }

    static AppProfiles of(AppProfile... profiles) {
        Map<String, AppProfile> map = new TreeMap<>();
        for (AppProfile p : profiles) {
            map.put(p.name(), p);
        }
        return new AppProfiles(map);
    }

    Set<String> names() {
        return byName.keySet();
    }

    AppProfile get(String application) {
        AppProfile profile = byName.get(application);
        if (profile == null) {
            throw new IllegalArgumentException("no profile for application '" + application + "' (have " + new TreeMap<>(byName).keySet() + ")");
        }
        return profile;
    }

    /** Reads every application folder under {@code dir}. */
    static AppProfiles read(Path dir) {
        requireNonNull(dir, "dir is null");
        if (!Files.isDirectory(dir)) {
            throw new PolluxFormatException(dir + ": application profiles folder not found");
        }
        Map<String, AppProfile> profiles = new TreeMap<>();
        try (Stream<Path> apps = Files.list(dir)) {
            for (Path app : apps.filter(Files::isDirectory).sorted().toList()) {
                profiles.put(app.getFileName().toString(), readApp(app));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (profiles.isEmpty()) {
            throw new PolluxFormatException(dir + ": no application folders");
        }
        return new AppProfiles(profiles);
    }

    static AppProfile readApp(Path appDir) {
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
        Path placements = appDir.resolve("placements.csv");
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
        maxLocal = MAX_LOCAL_BATCH_OVERRIDES.getOrDefault(name, maxLocal);
        StepTimeModel stepTimes = StepTimeModel.read(placements, appDir.resolve("scalability.csv"));
        return new AppProfile(name, curves, minLocal, maxLocal, stepTimes);
    }
}
