package dev.lepton.core.quota;

import dev.lepton.core.failure.LeptonException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Queues and cohorts checked as a whole: no cohort is its own ancestor, per-model quotas fit in
 * their resource's quota, borrowing needs a cohort. Cohorts named by a queue but not declared exist
 * implicitly, without a parent, as in Kueue.
 */
public record QuotaTree(Map<String, QueueSpec> queues, Map<String, CohortSpec> cohorts) {
    public QuotaTree {
        queues = Map.copyOf(queues);
        cohorts = Map.copyOf(cohorts);
    }

    public static QuotaTree of(List<QueueSpec> queues, List<CohortSpec> cohorts) {
        Map<String, QueueSpec> q = new HashMap<>();
        queues.forEach(spec -> q.put(spec.name(), spec));
        Map<String, CohortSpec> c = new HashMap<>();
        cohorts.forEach(spec -> c.put(spec.name(), spec));
        QuotaTree tree = new QuotaTree(q, c);
        tree.validate();
        return tree;
    }

    /** Throws INVALID_SPEC naming the queue or cohort and the field at fault. */
    public void validate() {
        cohorts.keySet().stream().sorted().forEach(this::requireAcyclic);
        for (QueueSpec queue : queues.values()) {
            validate(queue);
        }
    }

    private static void validate(QueueSpec queue) {
        String field = "queue " + queue.name() + ".spec.quota";
        for (Map.Entry<String, Long> entry : queue.nominal().amounts().entrySet()) {
            String name = entry.getKey();
            int colon = name.indexOf(':');
            if (colon > 0) {
                String resource = name.substring(0, colon);
                long total = queue.nominal().get(resource);
                long models = queue.nominal().amounts().entrySet().stream()
                        .filter(e -> e.getKey().startsWith(resource + ":")).mapToLong(Map.Entry::getValue).sum();
                if (queue.nominal().amounts().containsKey(resource) && models > total) {
                    throw LeptonException.invalid(field + ".nominal." + name, entry.getValue(),
                            "per-model quotas of " + resource + " add up to " + models + ", more than its nominal " + total);
                }
            }
        }
        if (queue.borrowingLimit().isPresent() && queue.cohort().isEmpty()) {
            throw LeptonException.invalid(field + ".borrowingLimit", queue.borrowingLimit().get().amounts(),
                    "a queue can only borrow within a cohort; set spec.cohort");
        }
    }

    /** Throws INVALID_SPEC, naming this cohort's parent, when the cohort is its own ancestor. */
    public void requireAcyclic(String cohort) {
        List<String> chain = ancestry(cohort);
        if (chain.size() > 1 && new LinkedHashSet<>(chain).size() != chain.size()) {
            throw LeptonException.invalid("cohort " + cohort + ".spec.parent", cohorts.get(cohort).parent().orElse(""),
                    "cohorts form a cycle: " + String.join(" → ", chain));
        }
    }

    /** The cohort and its ancestors, nearest first; stops (repeating the first repeat) at a cycle. */
    public List<String> ancestry(String cohort) {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Optional<String> current = Optional.of(cohort);
        while (current.isPresent()) {
            String name = current.get();
            chain.add(name);
            if (!seen.add(name)) {
                break;
            }
            current = Optional.ofNullable(cohorts.get(name)).flatMap(CohortSpec::parent);
        }
        return chain;
    }

    /** The top of a queue's cohort tree: the pool it borrows from. Empty for a queue without a cohort. */
    public Optional<String> root(QueueSpec queue) {
        return queue.cohort().map(c -> {
            List<String> chain = ancestry(c);
            return chain.getLast();
        });
    }

    /** Whether the queue exists: a job in a queue that does not is refused, never run without a quota. */
    public boolean has(String queue) {
        return queues.containsKey(queue);
    }

    /** The queue's spec; one this tree does not hold reads as unlimited, so ask {@link #has} before admitting work to it. */
    public QueueSpec queue(String name) {
        return queues.getOrDefault(name, QueueSpec.unlimited(name));
    }
}
