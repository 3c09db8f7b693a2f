package dev.lepton.core.node;

import java.util.regex.Pattern;

/** The rule label keys follow, on nodes and on jobs alike (so that a job's nodeSelector can name any node label). */
public final class Labels {
    /** What {@link #isKey} accepts, in words for error messages. */
    public static final String KEY_RULE = "keys are 1-63 letters, digits, '.', '_', '/' or '-'";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");

    private Labels() {}

    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }
}
