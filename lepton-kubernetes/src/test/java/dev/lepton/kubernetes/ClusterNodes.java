package dev.lepton.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node objects as a cluster's control plane would hold them, built fluently: {@code ClusterNodes.node("gpu-1").gpus(8, "NVIDIA-H100-80GB-HBM3").build()}. */
public final class ClusterNodes {
    private ClusterNodes() {}

    public static Builder node(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final Map<String, Quantity> allocatable = new LinkedHashMap<>();
        private final List<Taint> taints = new ArrayList<>();
        private final List<NodeCondition> conditions = new ArrayList<>();
        private boolean ready = true;
        private boolean unschedulable;

        private Builder(String name) {
            this.name = name;
            allocatable.put("cpu", new Quantity("8"));
            allocatable.put("memory", new Quantity("32Gi"));
            allocatable.put("pods", new Quantity("110"));
            labels.put("kubernetes.io/hostname", name);
        }

        public Builder cpu(String value) { allocatable.put("cpu", new Quantity(value)); return this; }
        public Builder memory(String value) { allocatable.put("memory", new Quantity(value)); return this; }
        public Builder allocatable(String resource, String value) { allocatable.put(resource, new Quantity(value)); return this; }
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        public Builder annotation(String key, String value) { annotations.put(key, value); return this; }
        public Builder ready(boolean value) { ready = value; return this; }
        public Builder cordoned() { unschedulable = true; return this; }

        /** GPUs as NVIDIA's device plugin offers them, with the labels GPU feature discovery sets. */
        public Builder gpus(int count, String product, long memoryMiB) {
            allocatable.put("nvidia.com/gpu", new Quantity(Integer.toString(count)));
            labels.put("nvidia.com/gpu.product", product);
            labels.put("nvidia.com/gpu.memory", Long.toString(memoryMiB));
            return this;
        }

        public Builder taint(String key, String value, String effect) {
            taints.add(new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build());
            return this;
        }

        public Builder condition(String type, boolean status) {
            conditions.add(condition(type, status ? "True" : "False"));
            return this;
        }

        private static NodeCondition condition(String type, String status) {
            return new NodeConditionBuilder().withType(type).withStatus(status).withReason("Test").build();
        }

        public Node build() {
            List<NodeCondition> all = new ArrayList<>(conditions);
            all.add(condition("Ready", ready ? "True" : "False"));
            return new NodeBuilder()
                    .withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
                    .withNewSpec().withUnschedulable(unschedulable ? true : null).withTaints(taints).endSpec()
                    .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable).withConditions(all).endStatus()
                    .build();
        }
    }
}
