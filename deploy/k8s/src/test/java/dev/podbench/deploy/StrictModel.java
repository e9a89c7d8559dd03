package dev.podbench.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Reads one rendered document into a typed model and fails on any field the model does not know: the fabric8
 * Kubernetes model, Strimzi's api model for its kinds, {@link CustomResourceFields} for kinds without a Java model.
 * (The models keep unknown fields in {@code additionalProperties}: a misspelled field would land there silently.)
 */
final class StrictModel {

    private static final Map<String, Class<? extends HasMetadata>> STRIMZI = Map.of(
            "kafka.strimzi.io/v1/Kafka", Kafka.class,
            "kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class);

    private static final List<String> MODEL_PACKAGES = List.of("io.fabric8.kubernetes.api.model", "io.strimzi.api");

    private StrictModel() {
    }

    static HasMetadata read(String document) {
        Map<?, ?> raw = Serialization.unmarshal(document, Map.class);
        String type = raw.get("apiVersion") + "/" + raw.get("kind");
        Class<? extends HasMetadata> strimzi = STRIMZI.get(type);
        HasMetadata resource = strimzi != null ? Serialization.unmarshal(document, strimzi)
                : Serialization.unmarshal(document);
        String where = type + " " + resource.getMetadata().getName();
        List<String> problems = new ArrayList<>();
        if (resource instanceof GenericKubernetesResource generic) {
            var fields = CustomResourceFields.of(generic.getApiVersion(), generic.getKind()).orElseThrow(
                    () -> new AssertionError(where + ": no model for this kind (neither fabric8, Strimzi nor "
                            + "src/test/resources/custom-resource-fields)"));
            problems.addAll(fields.problems(new LinkedHashMap<>(generic.getAdditionalProperties())));
            unknownFields(generic.getMetadata(), "metadata", problems, newIdentitySet());
        } else {
            unknownFields(resource, "", problems, newIdentitySet());
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(where + ": " + String.join("; ", problems));
        }
        return resource;
    }

    /** Paths of the values a model object kept in {@code additionalProperties}, recursively. */
    static List<String> unknownFields(Object model) {
        List<String> problems = new ArrayList<>();
        unknownFields(model, "", problems, newIdentitySet());
        return problems;
    }

    private static void unknownFields(Object node, String path, List<String> problems, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, problems, seen));
            return;
        }
        if (MODEL_PACKAGES.stream().noneMatch(node.getClass().getPackageName()::startsWith)) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    unknown.keySet().forEach(key -> problems.add(path + "." + key + ": unknown field"));
                }
            } else {
                unknownFields(value, path + "." + fieldName(getter), problems, seen);
            }
        }
    }

    private static String fieldName(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Set<Object> newIdentitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
