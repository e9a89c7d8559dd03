package dev.podbench.chat.transcript;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The one line a chat shows for a tool use: the file for file tools, the command for Bash, and so on. */
public final class ToolSummaries {

    static final int MAX = 200;

    public static String summarize(String tool, JsonNode input, String cwd) {
        if (input == null || !input.isObject()) {
            return "";
        }
        String summary = switch (tool) {
            case "Read", "Write", "Edit", "MultiEdit" -> relative(text(input, "file_path"), cwd);
            case "NotebookEdit" -> relative(text(input, "notebook_path"), cwd);
            case "Bash" -> firstLine(text(input, "command"));
            case "Grep" -> join(text(input, "pattern"), relative(text(input, "path"), cwd));
            case "Glob" -> join(text(input, "pattern"), relative(text(input, "path"), cwd));
            case "WebFetch" -> text(input, "url");
            case "WebSearch" -> text(input, "query");
            case "Task", "Agent" -> text(input, "description");
            case "TodoWrite" -> input.path("todos").size() + " todos";
            default -> firstString(input);
        };
        return clip(summary == null ? "" : summary);
    }

    private static String text(JsonNode input, String field) {
        JsonNode value = input.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Paths inside the worktree are shown relative to it: that is how the user thinks of them. */
    static String relative(String path, String cwd) {
        if (path == null || cwd == null || cwd.isBlank()) {
            return path;
        }
        try {
            Path p = Path.of(path).normalize();
            Path base = Path.of(cwd).normalize();
            return p.isAbsolute() && p.startsWith(base) && !p.equals(base) ? base.relativize(p).toString() : path;
        } catch (RuntimeException e) {
            return path;
        }
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + " in " + b;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        String trimmed = s.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl) + " …";
    }

    private static String firstString(JsonNode input) {
        for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isTextual()) {
                return firstLine(e.getValue().asText());
            }
        }
        return "";
    }

    private static String clip(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
    }

    private ToolSummaries() {
    }
}
