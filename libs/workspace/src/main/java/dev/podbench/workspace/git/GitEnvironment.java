package dev.podbench.workspace.git;

import java.util.Map;

/**
 * Hardening applied to every git invocation Podbench makes (on any runtime).
 *
 * <ul>
 * <li>{@code GIT_TERMINAL_PROMPT=0}, {@code GCM_INTERACTIVE=never}, {@code GIT_ASKPASS} and {@code SSH_ASKPASS} set to
 * {@code /bin/false}: git never waits for credentials typed on a terminal nobody watches, nor asks a GUI helper; an
 * authentication problem fails fast instead.</li>
 * <li>{@code GIT_SSH_COMMAND=ssh -o BatchMode=yes -o ConnectTimeout=10}: ssh fails instead of asking for a passphrase
 * or a host-key confirmation, and an unreachable host fails in seconds.</li>
 * <li>{@code GIT_ALLOW_PROTOCOL}: only the listed transports (this also blocks {@code ext::} and friends).
 * The {@code local} runtime allows {@code file} (local paths), the Kubernetes runtime should not.</li>
 * <li>{@code LC_ALL=C}: stable, English messages (a few errors are recognised by their text).</li>
 * </ul>
 * Callers also put {@code --} before positional arguments and never pass a user value that starts with {@code -}
 * (see {@link #requireSafeArgument}).
 */
public final class GitEnvironment {

    /** Transports allowed on a pod that is a real remote machine. */
    public static final String REMOTE_PROTOCOLS = "https:ssh:git";
    /** Transports allowed on the {@code local} runtime (adds local paths / {@code file://}). */
    public static final String LOCAL_PROTOCOLS = "file:https:ssh:git";

    private GitEnvironment() {
    }

    public static Map<String, String> hardened(String allowedProtocols) {
        return Map.of(
                "GIT_TERMINAL_PROMPT", "0",
                "GCM_INTERACTIVE", "never",
                "GIT_ASKPASS", "/bin/false",
                "SSH_ASKPASS", "/bin/false",
                "GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=10",
                "GIT_ALLOW_PROTOCOL", allowedProtocols,
                "LC_ALL", "C");
    }

    /**
     * Rejects a user-supplied value that git could mistake for an option or that contains control characters.
     *
     * @return the value
     * @throws IllegalArgumentException if it is null, blank, starts with {@code -} or contains a control character
     */
    public static String requireSafeArgument(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.startsWith("-")) {
            throw new IllegalArgumentException(what + " must not start with '-'");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters");
            }
        }
        return value;
    }
}
