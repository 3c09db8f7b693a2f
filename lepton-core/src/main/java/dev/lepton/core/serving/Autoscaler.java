package dev.lepton.core.serving;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How many replicas a deployment needs, decided from what its gateway measured: a pure function of the
 * policy, what the autoscaler remembers, the newest {@link LoadSample} and the replicas there are now.
 * <ol>
 *   <li>Average the metric over the policy's window; the replicas that carry it at the target, rounded
 *       up and kept within min and max, are this sample's recommendation.</li>
 *   <li>Requests held while there are no replicas start one at once.</li>
 *   <li>A burst that needs twice the replicas there are, measured over a tenth of the window, is met at once.</li>
 *   <li>Otherwise replicas are added only up to the lowest recommendation of the last {@code scaleUpDelay},
 *       and removed only down to the highest of the last {@code scaleDownDelay}: a rise or a fall must
 *       last before it counts, and a deployment watched for less than a delay does not move that way yet.</li>
 *   <li>With min 0, no request for {@code idleTimeout} scales to zero.</li>
 * </ol>
 */
public final class Autoscaler {
    private Autoscaler() {}

    /** What the autoscaler keeps between decisions: recent samples and recommendations, and when it began watching. */
    public record Memory(List<LoadSample> samples, List<Recommendation> recommendations, Optional<Instant> watchingSince,
                         Optional<Instant> lastActive) {
        public static final Memory EMPTY = new Memory(List.of(), List.of(), Optional.empty(), Optional.empty());

        public Memory {
            samples = List.copyOf(samples);
            recommendations = List.copyOf(recommendations);
            requireNonNull(watchingSince, "watchingSince is null");
            requireNonNull(lastActive, "lastActive is null");
        }
    }

    /** The replicas one sample called for. */
    public record Recommendation(Instant at, int replicas) {
        public Recommendation {
            requireNonNull(at, "at is null");
        }
    }

    public static ScaleDecision decide(ScalingPolicy policy, Memory memory, LoadSample sample, int current) {
        requireNonNull(policy, "policy is null");
        requireNonNull(memory, "memory is null");
        requireNonNull(sample, "sample is null");
        Instant now = sample.at();
        List<LoadSample> samples = since(append(memory.samples(), sample), now.minus(policy.window()));
        Optional<Instant> lastActive = sample.active() ? Optional.of(now) : memory.lastActive();
        Instant watchingSince = memory.watchingSince().orElse(now);
        boolean idle = lastActive.map(at -> !now.isBefore(at.plus(policy.idleTimeout()))).orElse(!now.isBefore(watchingSince.plus(policy.idleTimeout())));
        int floor = policy.minReplicas() > 0 || !idle ? Math.max(1, policy.minReplicas()) : 0;

        double load = average(samples, policy.metric());
        // Idle overrides the window: its average may still hold requests older than the idle timeout.
        int recommended = floor == 0 ? 0 : within(replicasFor(load, policy.target()), floor, policy.maxReplicas());
        Duration kept = max(policy.scaleUpDelay(), policy.scaleDownDelay());
        List<Recommendation> recommendations = sinceRecommended(append(memory.recommendations(), new Recommendation(now, recommended)), now.minus(kept));
        Memory next = new Memory(samples, recommendations, Optional.of(watchingSince), lastActive);
        String measured = describe(load, policy, policy.window());

        if (current > policy.maxReplicas() || current < policy.minReplicas()) {
            int bounded = within(current, policy.minReplicas(), policy.maxReplicas());
            return new ScaleDecision(bounded, "replicas kept within " + policy.minReplicas() + ".." + policy.maxReplicas() + ": " + bounded, next);
        }
        if (floor == 0 && current > 0) {
            return new ScaleDecision(0, "no request for " + policy.idleTimeout() + ": scaled to zero", next);
        }
        if (current == 0 && sample.held() > 0) {
            int start = Math.max(1, recommended);
            return new ScaleDecision(start, sample.held() + " requests held with no replica: starting " + start, next);
        }
        double burstLoad = average(since(samples, now.minus(policy.burstWindow())), policy.metric());
        if (current > 0 && burstLoad >= ScalingPolicy.BURST_FACTOR * current * policy.target()) {
            int up = Math.max(within(replicasFor(burstLoad, policy.target()), floor, policy.maxReplicas()), recommended);
            if (up > current) {
                // Remembered as this sample's recommendation: the window's average, still mostly before the burst, must not
                // read as a fall that the scale-down rule then follows.
                List<Recommendation> withBurst = new ArrayList<>(recommendations.subList(0, recommendations.size() - 1));
                withBurst.add(new Recommendation(now, up));
                return new ScaleDecision(up, "burst: " + describe(burstLoad, policy, policy.burstWindow()) + ": " + up
                        + " replicas at once", new Memory(samples, withBurst, Optional.of(watchingSince), lastActive));
            }
        }
        boolean watchedForUp = !now.isBefore(watchingSince.plus(policy.scaleUpDelay()));
        int upTo = sinceRecommended(recommendations, now.minus(policy.scaleUpDelay())).stream().mapToInt(Recommendation::replicas).min().orElse(current);
        if (watchedForUp && upTo > current) {
            return new ScaleDecision(upTo, measured + ": " + replicas(upTo), next);
        }
        boolean watchedForDown = !now.isBefore(watchingSince.plus(policy.scaleDownDelay()));
        int downTo = sinceRecommended(recommendations, now.minus(policy.scaleDownDelay())).stream().mapToInt(Recommendation::replicas).max().orElse(current);
        if (watchedForDown && downTo < current) {
            return new ScaleDecision(downTo, measured + " for " + policy.scaleDownDelay() + ": " + replicas(downTo), next);
        }
        return new ScaleDecision(current, measured + ": " + replicas(current) + " kept", next);
    }

    private static String replicas(int n) {
        return n + (n == 1 ? " replica" : " replicas");
    }

    private static int replicasFor(double load, double target) {
        double needed = Math.ceil(load / target - 1e-9);
        return needed >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) needed;
    }

    private static String describe(double load, ScalingPolicy policy, Duration over) {
        String what = switch (policy.metric()) {
            case CONCURRENCY -> "requests in flight";
            case RPS -> "requests/s";
        };
        return String.format(Locale.ROOT, "%.2f %s over %s against %s per replica", load, what, seconds(over),
                trim(policy.target()));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static double average(List<LoadSample> samples, ScalingMetric metric) {
        return samples.stream().mapToDouble(s -> s.of(metric)).average().orElse(0);
    }

    private static int within(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> longer = new ArrayList<>(list.size() + 1);
        longer.addAll(list);
        longer.add(item);
        return longer;
    }

    /** The samples taken after {@code from}. */
    private static List<LoadSample> since(List<LoadSample> samples, Instant from) {
        return samples.stream().filter(s -> s.at().isAfter(from)).toList();
    }

    /** The recommendations made at or after {@code from}. */
    private static List<Recommendation> sinceRecommended(List<Recommendation> recommendations, Instant from) {
        return recommendations.stream().filter(r -> !r.at().isBefore(from)).toList();
    }
}
