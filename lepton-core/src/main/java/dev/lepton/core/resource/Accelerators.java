package dev.lepton.core.resource;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Accelerator devices by resource name, as Kubernetes names extended resources ({@code nvidia.com/gpu},
 * {@code amd.com/gpu}, {@code google.com/tpu}, {@code habana.ai/gaudi}): whole counts, never negative, an
 * immutable map sorted by name. A name with no devices is not kept, so two equal amounts are equal objects.
 *
 * <p>Most requests and nodes hold one name, most often {@link #NVIDIA_GPU}; arithmetic on one name
 * compares the names and adds the counts, and amounts of up to {@value #CACHED} NVIDIA GPUs are shared
 * instances, so the scheduler's sums allocate nothing for them. Comparisons ({@link #fitsIn}, {@link #timesIn})
 * never allocate, and one name against one name is one comparison.
 */
public final class Accelerators {
    /** NVIDIA's device plugin's resource: what a spec's {@code gpus: N} asks for. */
    public static final String NVIDIA_GPU = "nvidia.com/gpu";
    public static final Accelerators NONE = new Accelerators(new String[0], new int[0]);
    /** The longest resource name Kubernetes allows: a 253-character DNS prefix, a slash and a 63-character name. */
    public static final int MAX_NAME_LENGTH = 253 + 1 + 63;
    private static final int CACHED = 64;
    private static final String[] NVIDIA_NAMES = {NVIDIA_GPU};
    private static final Accelerators[] NVIDIA = new Accelerators[CACHED + 1];
    /** A DNS subdomain in lowercase, a slash, a name of letters, digits, {@code -_.} starting and ending alphanumeric. */
    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    static {
        NVIDIA[0] = NONE;
        for (int n = 1; n <= CACHED; n++) {
            NVIDIA[n] = new Accelerators(NVIDIA_NAMES, new int[] {n});
        }
    }

    /** Sorted, distinct; every count above zero. Never changed once built. */
    private final String[] names;
    private final int[] counts;
    private final int total;

    private Accelerators(String[] names, int[] counts) {
        this.names = names;
        this.counts = counts;
        long sum = 0;
        for (int count : counts) {
            sum += count;
        }
        if (sum > Integer.MAX_VALUE) {
            throw new ArithmeticException("more than " + Integer.MAX_VALUE + " accelerators");
        }
        this.total = (int) sum;
    }

    /** {@code count} NVIDIA GPUs ({@value #NVIDIA_GPU}): a spec's {@code gpus}. */
    public static Accelerators nvidiaGpus(int count) {
        return one(NVIDIA_GPU, count);
    }

    /** {@code count} devices of one resource; throws {@link IllegalArgumentException} for a name that is no resource name. */
    public static Accelerators of(String name, int count) {
        if (!NVIDIA_GPU.equals(name)) {
            requireValidName(name);
        }
        return one(name, count);
    }

    /** Counts by resource name; names with a count of zero are left out. */
    public static Accelerators of(Map<String, Integer> counts) {
        Map<String, Integer> sorted = new TreeMap<>();
        counts.forEach((name, count) -> {
            requireNonNull(count, () -> name + ": count is null");
            if (!NVIDIA_GPU.equals(name)) {
                requireValidName(name);
            }
            requireNotNegative(name, count);
            if (count > 0) {
                sorted.put(name, count);
            }
        });
        if (sorted.isEmpty()) {
            return NONE;
        }
        if (sorted.size() == 1) {
            Map.Entry<String, Integer> only = sorted.entrySet().iterator().next();
            return one(only.getKey(), only.getValue());
        }
        return new Accelerators(sorted.keySet().toArray(String[]::new), sorted.values().stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Is it an extended resource name as Kubernetes has them: {@code domain/name}, the domain a DNS subdomain
     * outside Kubernetes' own ({@code kubernetes.io}), the name at most 63 characters?
     */
    public static boolean isValidName(String name) {
        if (name == null || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            return false;
        }
        String domain = name.substring(0, name.indexOf('/'));
        return domain.length() <= 253 && !domain.equals("kubernetes.io") && !domain.endsWith(".kubernetes.io");
    }

    /** What a valid name looks like, for messages. */
    public static final String NAME_RULE = "must be a resource name DOMAIN/NAME such as nvidia.com/gpu or amd.com/gpu"
            + " (a lowercase DNS domain outside kubernetes.io, a slash, up to 63 letters, digits, '-', '_' or '.')";

    private static void requireValidName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' " + NAME_RULE);
        }
    }

    private static void requireNotNegative(String name, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(name + ": count must not be negative, got " + count);
        }
    }

    /** One name, trusted; the shared instances for NVIDIA GPUs. */
    private static Accelerators one(String name, long count) {
        requireNotNegative(name, count);
        if (count == 0) {
            return NONE;
        }
        if (count > Integer.MAX_VALUE) {
            throw new ArithmeticException(name + ": more than " + Integer.MAX_VALUE + " devices");
        }
        if (count <= CACHED && NVIDIA_GPU.equals(name)) {
            return NVIDIA[(int) count];
        }
        return new Accelerators(NVIDIA_GPU.equals(name) ? NVIDIA_NAMES : new String[] {name}, new int[] {(int) count});
    }

    /** Devices of this resource; 0 when it names none. */
    public int get(String name) {
        int i = indexOf(name);
        return i < 0 ? 0 : counts[i];
    }

    /** Devices of every name together. */
    public int total() {
        return total;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /** How many names; with {@link #name} and {@link #count}, a walk in name order that allocates nothing. */
    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public int count(int i) {
        return counts[i];
    }

    /** The only name it holds, or null when it holds none or several. */
    public String soleName() {
        return names.length == 1 ? names[0] : null;
    }

    /**
     * The same one name with another count (what is free of a node of one accelerator); throws
     * {@link IllegalStateException} when it holds several names, and gives {@link #NONE} for none.
     */
    public Accelerators withCount(int count) {
        if (names.length > 1) {
            throw new IllegalStateException("accelerators of several names have no one count: " + this);
        }
        return names.length == 0 || count == 0 ? NONE : one(names[0], count);
    }

    /** By name, in name order. */
    public Map<String, Integer> asMap() {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], counts[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    public Accelerators plus(Accelerators other) {
        if (other.names.length == 0) {
            return this;
        }
        if (names.length == 0) {
            return other;
        }
        if (names.length == 1 && other.names.length == 1 && names[0].equals(other.names[0])) {
            return one(names[0], (long) counts[0] + other.counts[0]);
        }
        return merge(other, 1, false);
    }

    /** Throws {@link IllegalArgumentException} when it would go below zero: a caller's bug, as for {@link Resources}. */
    public Accelerators minus(Accelerators other) {
        return subtract(other, false);
    }

    /** What is left once {@code other} is taken, never below zero per name (what is free of a node's capacity). */
    public Accelerators atLeastZeroMinus(Accelerators other) {
        return subtract(other, true);
    }

    private Accelerators subtract(Accelerators other, boolean clamp) {
        if (other.names.length == 0) {
            return this;
        }
        if (names.length == 1 && other.names.length == 1 && names[0].equals(other.names[0])) {
            long left = (long) counts[0] - other.counts[0];
            return one(names[0], clamp ? Math.max(0, left) : left);
        }
        return merge(other, -1, clamp);
    }

    /** Name by name, in order: this plus {@code sign} times the other. */
    private Accelerators merge(Accelerators other, int sign, boolean clamp) {
        String[] n = new String[names.length + other.names.length];
        int[] c = new int[n.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < names.length || j < other.names.length) {
            int order = i == names.length ? 1 : j == other.names.length ? -1 : names[i].compareTo(other.names[j]);
            String name = order <= 0 ? names[i] : other.names[j];
            long count = (order <= 0 ? counts[i++] : 0) + (order >= 0 ? (long) sign * other.counts[j++] : 0);
            if (clamp) {
                count = Math.max(0, count);
            }
            requireNotNegative(name, count);
            if (count > Integer.MAX_VALUE) {
                throw new ArithmeticException(name + ": more than " + Integer.MAX_VALUE + " devices");
            }
            if (count > 0) {
                n[k] = name;
                c[k++] = (int) count;
            }
        }
        if (k == 0) {
            return NONE;
        }
        if (k == 1) {
            return one(n[0], c[0]);
        }
        return new Accelerators(Arrays.copyOf(n, k), Arrays.copyOf(c, k));
    }

    public Accelerators times(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot take accelerators " + n + " times");
        }
        if (n == 1 || names.length == 0) {
            return this;
        }
        if (n == 0) {
            return NONE;
        }
        if (names.length == 1) {
            return one(names[0], (long) counts[0] * n);
        }
        int[] c = new int[counts.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.multiplyExact(counts[i], n);
        }
        return new Accelerators(names, c);
    }

    /**
     * Each name's count split evenly over {@code parts} (a gang of this much re-cut into that many workers);
     * throws {@link IllegalArgumentException} when some count does not divide.
     */
    public Accelerators dividedBy(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("cannot split accelerators into " + parts + " parts");
        }
        if (parts == 1 || names.length == 0) {
            return this;
        }
        int[] c = new int[counts.length];
        for (int i = 0; i < c.length; i++) {
            if (counts[i] % parts != 0) {
                throw new IllegalArgumentException(counts[i] + " " + names[i] + " do not split into " + parts + " equal parts");
            }
            c[i] = counts[i] / parts;
        }
        return names.length == 1 ? one(names[0], c[0]) : new Accelerators(names, c);
    }

    /** Do these devices, name by name, fit in {@code available}? */
    public boolean fitsIn(Accelerators available) {
        if (names.length == 0) {
            return true;
        }
        if (names.length == 1 && available.names.length == 1) {
            // The usual case, one name each: equals() is an identity check when both are the shared NVIDIA name.
            return names[0].equals(available.names[0]) && counts[0] <= available.counts[0];
        }
        for (int i = 0; i < names.length; i++) {
            int j = available.indexOf(names[i]);
            if (j < 0 || counts[i] > available.counts[j]) {
                return false;
            }
        }
        return true;
    }

    /** How many times these devices fit in {@code available}; {@link Long#MAX_VALUE} when it holds none. */
    public long timesIn(Accelerators available) {
        if (names.length == 0) {
            return Long.MAX_VALUE;
        }
        if (names.length == 1 && available.names.length == 1) {
            return names[0].equals(available.names[0]) ? available.counts[0] / counts[0] : 0;
        }
        long times = Long.MAX_VALUE;
        for (int i = 0; i < names.length; i++) {
            int j = available.indexOf(names[i]);
            if (j < 0) {
                return 0;
            }
            times = Math.min(times, available.counts[j] / counts[i]);
        }
        return times;
    }

    /** Where the name is in {@link #names}, or -1: a scan, as there are a handful at most. */
    private int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Accelerators other && Arrays.equals(counts, other.counts) && Arrays.equals(names, other.names);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(counts);
    }

    /** {@code amd.com/gpu=2 nvidia.com/gpu=1}; empty when there are none. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            out.append(i == 0 ? "" : " ").append(names[i]).append('=').append(counts[i]);
        }
        return out.toString();
    }
}
