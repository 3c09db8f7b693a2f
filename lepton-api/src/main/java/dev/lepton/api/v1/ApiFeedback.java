package dev.lepton.api.v1;

/**
 * Feedback on one prediction ({@code POST /endpoints/{name}/feedback}): the {@code predictionId} the gateway answered with
 * ({@code X-Lepton-Prediction-Id}), and a {@code rating} (a number, e.g. 0..1 or 1..5, the deployment's owners decide)
 * and/or a {@code label} (the right answer, for later training).
 */
public record ApiFeedback(String predictionId, Double rating, String label) {}
