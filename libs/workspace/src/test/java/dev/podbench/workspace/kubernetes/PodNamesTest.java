package dev.podbench.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodNamesTest {

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String LABEL_VALUE = "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";

    @Test
    void simpleIdsAreKeptAsTheyAre() {
        assertThat(PodNames.podName("acme-web", 3)).isEqualTo("pb-acme-web-3");
        assertThat(PodNames.repositoryLabelValue("acme-web")).isEqualTo("acme-web");
        assertThat(PodNames.indexOf("acme-web", "pb-acme-web-3")).isEqualTo(3);
        assertThat(PodNames.indexOf("acme-web", "pb-acme-webx-3")).isEqualTo(-1);
    }

    @Test
    void otherIdsAreSanitizedHashedAndStayDistinct() {
        String longId = "Very.Long_Repository-Name." + "x".repeat(100) + "-";
        for (String id : new String[] { "Acme", "acme.web", "acme_web", "ACME-WEB", longId, "9", "a.-_b" }) {
            String name = PodNames.podName(id, 9999);
            assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL);
            assertThat(PodNames.indexOf(id, name)).isEqualTo(9999);
            assertThat(PodNames.repositoryLabelValue(id)).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
        }
        assertThat(PodNames.podName("Acme", 0)).isNotEqualTo(PodNames.podName("acme", 0));
        assertThat(PodNames.podName("acme.web", 0)).isNotEqualTo(PodNames.podName("acme_web", 0))
                .isNotEqualTo(PodNames.podName("acme-web", 0));
        assertThat(PodNames.repositoryLabelValue(longId)).isNotEqualTo(PodNames.repositoryLabelValue(longId + "y"));
    }

    @Test
    void workspaceRootIsTheCommonParent() {
        assertThat(KubernetesWorkspaceRuntime.commonParent("/workspace/repo.git", "/workspace/worktrees"))
                .isEqualTo("/workspace");
        assertThat(KubernetesWorkspaceRuntime.commonParent("/a/b/repo.git", "/a/b/c/worktrees")).isEqualTo("/a/b");
        assertThat(KubernetesWorkspaceRuntime.commonParent("/repo.git", "/worktrees")).isEqualTo("/");
        assertThat(InPodClone.redact("https://user:tok@host/r.git")).isEqualTo("https://***@host/r.git");
    }
}
