package dev.podbench.chat.permission;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule in Claude Code's syntax: {@code Edit} (the tool, whatever it does), {@code Bash(git status)} (exactly
 * that subject) or {@code Bash(npm test:*)} (a prefix: the subject is {@code npm test} or starts with
 * {@code "npm test "}; for tools other than Bash simply starts with the prefix). The subject is a tool's command,
 * file path or URL (see {@link PermissionRules#subjectOf}).
 */
public record PermissionRule(String tool, String content, boolean prefix) {

    private static final Pattern SYNTAX = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)(?:\\((.+)\\))?");

    /** Parses a rule; throws {@link IllegalArgumentException} with the reason when it is not one. */
    public static PermissionRule parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a permission rule (Tool or Tool(content))");
        }
        String content = m.group(2);
        if (content == null) {
            return new PermissionRule(m.group(1), null, false);
        }
        boolean prefix = content.endsWith(":*");
        String value = (prefix ? content.substring(0, content.length() - 2) : content).strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has an empty content; write just the tool instead");
        }
        return new PermissionRule(m.group(1), value, prefix);
    }

    /** Does the rule cover this tool use? {@code subject} may be null (a tool without one). */
    public boolean matches(String toolName, String subject) {
        if (!tool.equals(toolName)) {
            return false;
        }
        if (content == null) {
            return true;
        }
        if (subject == null) {
            return false;
        }
        if (!prefix) {
            return subject.equals(content);
        }
        return "Bash".equals(tool) ? subject.equals(content) || subject.startsWith(content + " ")
                : subject.startsWith(content);
    }

    @Override
    public String toString() {
        return content == null ? tool : tool + "(" + content + (prefix ? ":*" : "") + ")";
    }
}
