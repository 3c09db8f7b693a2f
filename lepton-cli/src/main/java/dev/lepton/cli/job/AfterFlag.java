package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiDependency;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --after NAME[:succeeded|:finished]}, as Slurm's {@code --dependency=afterok:ID} and
 * {@code afterany:ID}: start only after job (or array) NAME has succeeded (the default), or has
 * ended however.
 */
final class AfterFlag implements ITypeConverter<ApiDependency> {
    @Override
    public ApiDependency convert(String value) {
        int colon = value.lastIndexOf(':');
        String job = (colon < 0 ? value : value.substring(0, colon)).strip();
        if (job.isEmpty()) {
            throw new TypeConversionException("write NAME, NAME:succeeded or NAME:finished (got '" + value + "')");
        }
        if (colon < 0) {
            return new ApiDependency(job, null);
        }
        String condition = value.substring(colon + 1).strip();
        if (!condition.equals("succeeded") && !condition.equals("finished")) {
            throw new TypeConversionException("the condition after ':' must be succeeded or finished (got '" + value + "')");
        }
        return new ApiDependency(job, condition);
    }
}
