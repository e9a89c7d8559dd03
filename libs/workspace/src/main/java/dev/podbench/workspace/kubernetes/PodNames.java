package dev.podbench.workspace.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Deterministic names and labels of repository pods, so a restarted service finds its pods again.
 *
 * <ul>
 * <li>pod name {@code pb-<repository>-<n>}: DNS-1123 label (lower case, at most 63 characters). A repository id that
 * is not already a short DNS label is sanitized and suffixed with 8 hex digits of its SHA-256, so different ids never
 * share a name.</li>
 * <li>labels {@value #MANAGED_BY}={@value #MANAGED_BY_VALUE}, {@value #REPOSITORY_LABEL}=&lt;id as a label value&gt;
 * (sanitized and hashed the same way when needed), {@value #INDEX_LABEL}=&lt;n&gt;; the exact id is in the annotation
 * {@value #REPOSITORY_ANNOTATION}.</li>
 * </ul>
 */
final class PodNames {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY_VALUE = "podbench";
    static final String REPOSITORY_LABEL = "podbench.dev/repository";
    static final String INDEX_LABEL = "podbench.dev/pod-index";
    static final String REPOSITORY_ANNOTATION = "podbench.dev/repository-id";
    static final String PREFIX = "pb-";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    /** Leaves room for {@code pb-} and {@code -<index>} within 63 characters. */
    private static final int MAX_BASE = 50;

    private PodNames() {
    }

    static String podName(String repositoryId, int index) {
        if (index < 0 || index > 9999) {
            throw new IllegalArgumentException("pod index out of range: " + index);
        }
        return PREFIX + base(repositoryId) + "-" + index;
    }

    /** The part of the pod name that identifies the repository. */
    static String base(String repositoryId) {
        if (repositoryId.length() <= MAX_BASE && DNS_LABEL.matcher(repositoryId).matches()) {
            return repositoryId;
        }
        String sanitized = repositoryId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (sanitized.length() > MAX_BASE - 9) {
            sanitized = sanitized.substring(0, MAX_BASE - 9).replaceAll("-+$", "");
        }
        return (sanitized.isEmpty() ? "r" : sanitized) + "-" + hash(repositoryId);
    }

    static String repositoryLabelValue(String repositoryId) {
        if (repositoryId.length() <= 63 && LABEL_VALUE.matcher(repositoryId).matches()) {
            return repositoryId;
        }
        String sanitized = repositoryId.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$",
                "");
        if (sanitized.length() > 50) {
            sanitized = sanitized.substring(0, 50).replaceAll("[^A-Za-z0-9]+$", "");
        }
        return (sanitized.isEmpty() ? "r" : sanitized) + "-" + hash(repositoryId);
    }

    /** The index encoded in a pod name of this repository, or -1. */
    static int indexOf(String repositoryId, String podName) {
        String prefix = PREFIX + base(repositoryId) + "-";
        if (!podName.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(podName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
