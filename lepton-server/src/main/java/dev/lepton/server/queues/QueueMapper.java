package dev.lepton.server.queues;

import dev.lepton.api.v1.ApiQueue;
import dev.lepton.api.v1.ApiQueueSpec;
import dev.lepton.api.v1.ApiQueueStatus;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.api.v1.Versions;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.placement.Scoring;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.resource.Quantities;
import dev.lepton.server.http.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Queue objects between the wire (quantities as strings) and the domain (typed quotas). */
final class QueueMapper {
    private QueueMapper() {}

    static QueueSpec accept(ApiQueue queue, List<String> faults) {
        if (queue.kind() != null && !ApiQueue.KIND.equals(queue.kind())) {
            faults.add("kind: must be Queue (got '" + queue.kind() + "')");
        }
        String name = queue.metadata() == null ? null : queue.metadata().name();
        if (!Names.isValid(name)) {
            faults.add("metadata.name: " + (name == null ? "required" : Names.RULE + " (got '" + name + "')"));
        }
        ApiQueueSpec spec = queue.spec() == null ? new ApiQueueSpec(null, null, null, null) : queue.spec();
        if (spec.cohort() != null && !Names.isValid(spec.cohort())) {
            faults.add("spec.cohort: " + Names.RULE + " (got '" + spec.cohort() + "')");
        }
        Quota nominal = quota("spec.nominal", spec.nominal(), faults);
        Optional<Quota> borrowing = Optional.ofNullable(spec.borrowingLimit()).map(b -> quota("spec.borrowingLimit", b, faults));
        Scoring scoring = Scoring.DEFAULT;
        if (spec.scoring() != null) {
            Scoring.problem("spec.scoring", spec.scoring()).ifPresent(faults::add);
            scoring = faults.isEmpty() ? new Scoring(spec.scoring()) : null;
        }
        return faults.isEmpty() ? new QueueSpec(name, Optional.ofNullable(spec.cohort()), nominal, borrowing, scoring) : null;
    }

    private static Quota quota(String field, Map<String, String> amounts, List<String> faults) {
        Map<String, Long> parsed = new TreeMap<>();
        if (amounts == null) {
            return Quota.NONE;
        }
        amounts.forEach((resource, text) -> {
            String at = field + "." + resource;
            try {
                long amount = switch (resource) {
                    case Quota.CPU -> Quantities.parseCpu(text);
                    case Quota.MEMORY -> Quantities.parseBytes(text);
                    default -> {
                        if (!Quota.isResourceName(resource)) {
                            throw new IllegalArgumentException("unknown resource; use cpu, memory, an accelerator's resource name ("
                                    + Quota.GPU + ", amd.com/gpu, …) or NAME:MODEL (" + Quota.GPU + ":H100)");
                        }
                        yield Long.parseLong(text.strip());
                    }
                };
                if (amount < 0) {
                    throw new IllegalArgumentException("must not be negative");
                }
                parsed.put(resource, amount);
            } catch (NumberFormatException e) {
                faults.add(at + ": accelerators are whole numbers (got '" + text + "')");
            } catch (IllegalArgumentException e) {
                faults.add(at + ": " + e.getMessage() + " (got '" + text + "')");
            }
        });
        return new Quota(parsed);
    }

    static ApiQueue toApi(Queue queue, int queued, int running, Quota usage) {
        QueueSpec spec = queue.spec();
        ObjectMeta meta = new ObjectMeta(queue.name(), null, Map.of(), null, null, queue.createdAt());
        return new ApiQueue(ApiQueue.KIND, Versions.V1, meta,
                new ApiQueueSpec(queue.description(), spec.cohort().orElse(null), wire(spec.nominal()),
                        spec.borrowingLimit().map(QueueMapper::wire).orElse(null), spec.scoring().weights()),
                new ApiQueueStatus(queued, running, wire(usage), wire(spec.beyondNominal(usage))));
    }

    static Map<String, String> wire(Quota quota) {
        Map<String, String> out = new LinkedHashMap<>();
        quota.amounts().forEach((resource, amount) -> out.put(resource, Quota.format(resource, amount)));
        return out;
    }

    static LeptonException invalid(List<String> faults) {
        return new LeptonException(ErrorCode.INVALID_SPEC, String.join("; ", new ArrayList<>(faults)));
    }
}
