package dev.lepton.server.http;

import java.util.regex.Pattern;

/** Object names: DNS labels, as in Kubernetes, so they fit in URLs, files and pod names. */
public final class Names {
    public static final String RULE = "must be 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit";
    private static final Pattern VALID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
