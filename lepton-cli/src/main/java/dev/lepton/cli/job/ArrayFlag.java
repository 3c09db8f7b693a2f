package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiArray;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --array INDICES[%N]}, as Slurm's {@code --array=0-99%8}: the indices go to the server as
 * written (it checks them, naming what is wrong), {@code %N} is the parallelism.
 */
final class ArrayFlag implements ITypeConverter<ApiArray> {
    @Override
    public ApiArray convert(String value) {
        int percent = value.indexOf('%');
        String indices = (percent < 0 ? value : value.substring(0, percent)).strip();
        if (indices.isEmpty()) {
            throw new TypeConversionException("write INDICES[%N], e.g. 0-99, 1,3,5-7 or 0-99%8 (got '" + value + "')");
        }
        if (percent < 0) {
            return new ApiArray(indices, null);
        }
        String cap = value.substring(percent + 1).strip();
        if (cap.isEmpty() || cap.length() > 9 || !cap.chars().allMatch(Character::isDigit)) {
            throw new TypeConversionException("the parallelism after '%' must be a whole number, e.g. 0-99%8 (got '" + value + "')");
        }
        return new ApiArray(indices, Integer.parseInt(cap));
    }
}
