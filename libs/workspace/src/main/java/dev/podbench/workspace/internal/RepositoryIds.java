package dev.podbench.workspace.internal;

import java.util.regex.Pattern;

/** The repository ids every runtime accepts: they name directories and pods, so no path or shell surprises. */
public final class RepositoryIds {

    private static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private RepositoryIds() {
    }

    /** @throws IllegalArgumentException naming the rule, when {@code id} breaks it */
    public static String require(String id) {
        if (id == null || !REPOSITORY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "repository id must match " + REPOSITORY_ID.pattern() + ", was '" + id + "'");
        }
        return id;
    }
}
