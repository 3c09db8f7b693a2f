package dev.lepton.sim.pollux;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code validation-<batch>.csv}: per epoch (row), the cumulative scale-invariant progress and
 * iteration count at its end, and the gradient statistics (squared norm, variance) during it.
 */
record ValidationCurve(int batchSize, double[] progress, double[] iterations, double[] gradSqr, double[] gradVar) {
    static final String[] COLUMNS = {"progress", "iteration", "grad_sqr", "grad_var"};

    ValidationCurve {
        int epochs = progress.length;
        if (batchSize < 1 || epochs == 0 || iterations.length != epochs || gradSqr.length != epochs || gradVar.length != epochs) {
            throw new IllegalArgumentException("validation curve for batch " + batchSize + " needs equally long, non-empty columns");
        }
        progress = progress.clone();
        iterations = iterations.clone();
        gradSqr = gradSqr.clone();
        gradVar = gradVar.clone();
    }

    int epochs() {
        return progress.length;
    }

    static ValidationCurve read(Path file, int batchSize) {
        CsvTable table = CsvTable.read(file, List.of(COLUMNS));
        int n = table.rows().size();
        if (n == 0) {
            throw PolluxFormatException.inFile(file, "no epochs");
        }
        double[] progress = new double[n];
        double[] iterations = new double[n];
        double[] gradSqr = new double[n];
        double[] gradVar = new double[n];
        for (int i = 0; i < n; i++) {
            CsvTable.Row row = table.rows().get(i);
            progress[i] = table.number(row, "progress");
            iterations[i] = table.number(row, "iteration");
            gradSqr[i] = table.number(row, "grad_sqr");
            gradVar[i] = table.number(row, "grad_var");
            if (progress[i] <= (i == 0 ? 0 : progress[i - 1])) {
                throw table.error(row, "progress", "must be positive and increasing, got " + progress[i]);
            }
            if (gradSqr[i] < 0) {
                throw table.error(row, "grad_sqr", "must be >= 0, got " + gradSqr[i]);
            }
            if (gradVar[i] < 0 || gradVar[i] + gradSqr[i] == 0) {
                throw table.error(row, "grad_var", "must be >= 0 and not 0 together with grad_sqr, got " + gradVar[i]);
            }
        }
        return new ValidationCurve(batchSize, progress, iterations, gradSqr, gradVar);
    }
}
