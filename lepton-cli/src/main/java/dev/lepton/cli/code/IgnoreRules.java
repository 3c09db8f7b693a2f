package dev.lepton.cli.code;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of one {@code .gitignore} or {@code .leptonignore}, in the subset of gitignore syntax
 * that covers everyday files: comments ({@code #}), negation ({@code !}), directory-only patterns
 * (trailing {@code /}), anchoring (a {@code /} at the start or in the middle), and globs ({@code *},
 * {@code ?}, {@code [a-z]}, {@code **}). Paths are relative to the file's directory, with {@code /}.
 */
final class IgnoreRules {
    private record Rule(Pattern pattern, boolean negated, boolean directoryOnly) {}

    /** What the rules say about a path: nothing, leave it out, or keep it (a negation). */
    enum Verdict { NONE, IGNORE, KEEP }

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static IgnoreRules parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            String line = stripTrailingSpaces(raw);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negated = line.startsWith("!");
            if (negated || line.startsWith("\\!") || line.startsWith("\\#")) {
                line = line.substring(1);
            }
            boolean directoryOnly = line.endsWith("/");
            if (directoryOnly) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            boolean anchored = line.contains("/");
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            String regex = (anchored ? "" : "(?:.*/)?") + glob(line);
            rules.add(new Rule(Pattern.compile(regex), negated, directoryOnly));
        }
        return new IgnoreRules(rules);
    }

    /** The last rule that matches decides, as in git. */
    Verdict verdict(String relativePath, boolean directory) {
        Verdict verdict = Verdict.NONE;
        for (Rule rule : rules) {
            if ((!rule.directoryOnly() || directory) && rule.pattern().matcher(relativePath).matches()) {
                verdict = rule.negated() ? Verdict.KEEP : Verdict.IGNORE;
            }
        }
        return verdict;
    }

    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && (end < 2 || line.charAt(end - 2) != '\\')) {
            end--;
        }
        return line.substring(0, end).replace("\\ ", " ");
    }

    /** A glob as a regular expression: {@code **} crosses directories, {@code *} and {@code ?} do not. */
    static String glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (glob.startsWith("/**", i) && i + 3 == glob.length()) {
                regex.append("/.*");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int close = glob.indexOf(']', i + 2);
                String set = glob.substring(i + 1, close);
                regex.append('[').append(set.startsWith("!") ? "^" + quoteSet(set.substring(1)) : quoteSet(set)).append(']');
                i = close;
            } else if (c == '\\' && i + 1 < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    private static String quoteSet(String set) {
        return set.replace("\\", "\\\\").replace("[", "\\[").replace("&&", "\\&\\&");
    }
}
