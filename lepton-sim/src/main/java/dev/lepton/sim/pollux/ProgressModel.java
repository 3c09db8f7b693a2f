package dev.lepton.sim.pollux;

import java.util.Map;

/**
 * The two artifacts' calibrations of the same progress model. Pollux's (OSDI'21) pauses every
 * (re)allocation for 30 s and runs jobs at their measured pace. Sia's (SOSP'23, {@code job.py} and
 * {@code applications.py}) pauses each application for its own checkpoint-restore time and slows it
 * by a factor fitted to real runs, which were slower than the measured step times predict.
 */
public enum ProgressModel {
    POLLUX(Map.of(), Map.of()),
    SIA(Map.of("cifar10", 50.0, "deepspeech2", 25.0, "bert", 120.0, "yolov3", 80.0, "imagenet", 250.0, "ncf", 15.0),
            Map.of("cifar10", 1.8, "imagenet", 1.2, "yolov3", 1.2, "bert", 1.2, "deepspeech2", 1.2, "ncf", 1.5));

    private static final double RESTART_SECONDS = 30;

    private final Map<String, Double> restartSeconds;
    private final Map<String, Double> slowdowns;

    ProgressModel(Map<String, Double> restartSeconds, Map<String, Double> slowdowns) {
        this.restartSeconds = restartSeconds;
        this.slowdowns = slowdowns;
    }

    /** Seconds of no progress after every (re)allocation of a job of {@code application}. */
    double restartSeconds(String application) {
        return restartSeconds.getOrDefault(application, RESTART_SECONDS);
    }

    /** How many times slower than its measured step times a job of {@code application} progresses. */
    double slowdown(String application) {
        return slowdowns.getOrDefault(application, 1.0);
    }
}
