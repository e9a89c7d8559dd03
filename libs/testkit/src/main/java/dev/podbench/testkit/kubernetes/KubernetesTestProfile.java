package dev.podbench.testkit.kubernetes;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * {@code @TestProfile(KubernetesTestProfile.class)}: the service on the {@code kubernetes} workspace runtime against
 * the fake cluster of {@link KubernetesTestResource} (its own application start). Extend it to add config overrides.
 */
public class KubernetesTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KubernetesTestResource.class));
    }
}
