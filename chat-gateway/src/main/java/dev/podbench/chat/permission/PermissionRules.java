package dev.podbench.chat.permission;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Allow and deny lists that answer a tool use without asking. A deny rule wins over any allow rule. A Bash command
 * is split at its shell operators ({@code && || ; | &} and newlines): a deny rule matching any part denies it; it
 * is allowed only when every part is allowed and it has no command substitution or redirection, so
 * {@code Bash(git status:*)} never lets {@code git status && curl …} or {@code git status > file} through.
 */
public record PermissionRules(List<PermissionRule> allow, List<PermissionRule> deny) {

    private static final Pattern OPERATORS = Pattern.compile("&&|\\|\\||[;|&\\n]");
    private static final Pattern NOT_ALLOWABLE = Pattern.compile("\\$\\(|`|[<>]");

    public static final PermissionRules NONE = new PermissionRules(List.of(), List.of());

    public PermissionRules {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** Parses both lists; throws {@link IllegalArgumentException} naming the first bad rule. */
    public static PermissionRules parse(List<String> allow, List<String> deny) {
        return new PermissionRules(allow.stream().map(PermissionRule::parse).toList(),
                deny.stream().map(PermissionRule::parse).toList());
    }

    /** These rules followed by {@code other}'s (other's deny rules still win over these allow rules). */
    public PermissionRules and(PermissionRules other) {
        List<PermissionRule> allAllow = new ArrayList<>(allow);
        allAllow.addAll(other.allow);
        List<PermissionRule> allDeny = new ArrayList<>(deny);
        allDeny.addAll(other.deny);
        return new PermissionRules(allAllow, allDeny);
    }

    /** What the rules say: the deciding rule, or null when the person has to be asked. */
    public Verdict decide(String tool, JsonNode input) {
        String subject = subjectOf(tool, input);
        List<String> parts = "Bash".equals(tool) && subject != null ? parts(subject) : singleton(subject);
        for (PermissionRule rule : deny) {
            for (String part : parts) {
                if (rule.matches(tool, part)) {
                    return new Verdict(false, rule);
                }
            }
        }
        if ("Bash".equals(tool) && subject != null && NOT_ALLOWABLE.matcher(subject).find()) {
            PermissionRule toolWide = firstMatching(tool, null, true);
            return toolWide == null ? null : new Verdict(true, toolWide);
        }
        PermissionRule deciding = null;
        for (String part : parts) {
            PermissionRule rule = firstMatching(tool, part, false);
            if (rule == null) {
                return null;
            }
            deciding = deciding == null ? rule : deciding;
        }
        return deciding == null ? null : new Verdict(true, deciding);
    }

    private PermissionRule firstMatching(String tool, String subject, boolean toolWideOnly) {
        for (PermissionRule rule : allow) {
            if ((!toolWideOnly || rule.content() == null) && rule.matches(tool, subject)) {
                return rule;
            }
        }
        return null;
    }

    /** The string a rule's content is compared with: the command, the file path, the URL; null for other tools. */
    public static String subjectOf(String tool, JsonNode input) {
        String field = switch (tool) {
            case "Bash" -> "command";
            case "Write", "Edit", "MultiEdit", "Read" -> "file_path";
            case "NotebookEdit" -> "notebook_path";
            case "WebFetch" -> "url";
            case "Glob", "Grep" -> "pattern";
            default -> null;
        };
        JsonNode value = field == null || input == null ? null : input.get(field);
        return value != null && value.isTextual() ? value.asText().strip() : null;
    }

    private static List<String> parts(String command) {
        List<String> parts = new ArrayList<>();
        for (String part : OPERATORS.split(command)) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts.isEmpty() ? List.of(command) : parts;
    }

    private static List<String> singleton(String subject) {
        List<String> one = new ArrayList<>();
        one.add(subject);
        return one;
    }

    /** A rule's answer. */
    public record Verdict(boolean allowed, PermissionRule rule) {
    }
}
