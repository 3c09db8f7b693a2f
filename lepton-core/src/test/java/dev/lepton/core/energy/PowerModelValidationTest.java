package dev.lepton.core.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The linear model {@code idle + (max − idle) × utilisation} against RAPL on a real CPU: CodeCarbon's
 * load steps on an Intel Xeon E5-2620 v3 (24 logical CPUs), copied with attribution into test
 * resources ({@code codecarbon/README.md}). Errors are mean absolute percentage errors over the steps
 * at 10% load or more, as the data's README reports CodeCarbon's own.
 *
 * <ul>
 *   <li>calibrated: the range fitted (least squares) on the all-cores run, judged on the other run,
 *       where load comes from fewer cores at full speed: what a {@code --node-power} profile measured
 *       once on the machine would give;
 *   <li>uncalibrated: the known-hardware table's Haswell row, as a node with no profile gets it.
 * </ul>
 */
class PowerModelValidationTest {
    record Step(double utilisation, double raplWatts, double codecarbonWatts) {}

    static List<Step> steps(String file) {
        try (InputStream in = PowerModelValidationTest.class.getResourceAsStream("codecarbon/" + file)) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")).skip(1).filter(l -> !l.isBlank())
                    .map(l -> l.split(",")).map(f -> new Step(Double.parseDouble(f[1]) / 100, Double.parseDouble(f[2]), Double.parseDouble(f[3])))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Least squares of watts on utilisation: the intercept is idle, intercept plus slope is max. */
    static PowerRange fit(List<Step> steps) {
        double meanU = steps.stream().mapToDouble(Step::utilisation).average().orElseThrow();
        double meanW = steps.stream().mapToDouble(Step::raplWatts).average().orElseThrow();
        double covariance = steps.stream().mapToDouble(s -> (s.utilisation() - meanU) * (s.raplWatts() - meanW)).sum();
        double variance = steps.stream().mapToDouble(s -> Math.pow(s.utilisation() - meanU, 2)).sum();
        double slope = covariance / variance;
        double idle = Math.max(0, meanW - slope * meanU);
        return new PowerRange(idle, idle + slope);
    }

    static double percentError(List<Step> steps, java.util.function.ToDoubleFunction<Step> model) {
        return steps.stream().filter(s -> s.utilisation() >= 0.1)
                .mapToDouble(s -> Math.abs(model.applyAsDouble(s) - s.raplWatts()) / s.raplWatts()).average().orElseThrow() * 100;
    }

    @Test
    void the_linear_model_follows_rapl_on_a_xeon_e5_2620_v3() {
        List<Step> allCores = steps("e5-2620-v3-all-cores.csv");
        List<Step> someCores = steps("e5-2620-v3-some-cores.csv");
        PowerRange fitted = fit(allCores);
        PowerModel table = PowerModel.of(NodePowerProfile.NONE, KnownHardwareTest.table(), "Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz", 24,
                List.of());
        PowerRange tableRange = table.component(ComponentKind.CPU_PACKAGE, 0).orElseThrow().range();

        double fittedInSample = percentError(allCores, s -> fitted.watts(s.utilisation()));
        double fittedOutOfSample = percentError(someCores, s -> fitted.watts(s.utilisation()));
        double tableError = percentError(someCores, s -> table.cpu(s.utilisation(), Duration.ofSeconds(1)).watts());
        double tableErrorAllCores = percentError(allCores, s -> tableRange.watts(s.utilisation()));
        double codecarbon = percentError(someCores, Step::codecarbonWatts);
        double tableAtFullLoad = Math.abs(tableRange.maxWatts() - someCores.getLast().raplWatts()) / someCores.getLast().raplWatts() * 100;
        System.out.printf(Locale.ROOT, "E5-2620 v3: fitted %.1f..%.1f W; MAPE fitted in-sample %.1f%%, out-of-sample %.1f%%; table %.1f..%.1f W:"
                        + " %.1f%% (all cores %.1f%%, at 100%% load %.1f%%); CodeCarbon's estimate %.1f%%%n", fitted.idleWatts(), fitted.maxWatts(),
                fittedInSample, fittedOutOfSample, tableRange.idleWatts(), tableRange.maxWatts(), tableError, tableErrorAllCores, tableAtFullLoad,
                codecarbon);

        assertThat(fittedOutOfSample).as("a calibrated profile, judged on a run it was not fitted on").isLessThan(30);
        assertThat(fittedOutOfSample).as("calibrated beats CodeCarbon's TDP estimate").isLessThan(codecarbon);
    }
}
