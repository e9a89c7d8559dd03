package dev.podbench.session.support;

import java.util.concurrent.CompletionException;

import org.hibernate.exception.ConstraintViolationException;

import io.vertx.pgclient.PgException;

import dev.podbench.workspace.CapacityReachedException;
import dev.podbench.workspace.CommandTimeoutException;
import dev.podbench.workspace.git.WorktreeException;

/** Reading failures: which ones mean "someone else got there first", and what to tell the user about the rest. */
public final class Failures {

    private static final int MAX_REASON = 1000;

    private Failures() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    /** A reason the UI can show: git's own words when git refused, a plain sentence otherwise. */
    public static String describe(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String reason;
        if (t instanceof CapacityReachedException full) {
            reason = "no room for another session of this repository: its " + full.maxPods() + " pod(s) already hold "
                    + full.maxSessionsPerPod() + " session(s) each; try again when one of them ends";
        } else if (t instanceof WorktreeException || t instanceof CommandTimeoutException) {
            reason = t.getMessage();
        } else {
            reason = "could not prepare the workspace: " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
    }
}
