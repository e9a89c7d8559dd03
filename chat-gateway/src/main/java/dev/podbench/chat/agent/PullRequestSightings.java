package dev.podbench.chat.agent;

import dev.podbench.events.pullrequest.PullRequestDetected;
import io.smallrye.mutiny.Uni;

/** The pull requests a session's agent has mentioned. */
public interface PullRequestSightings {

    /** Records the URL for the session; true the first time. Runs inside the transcript's transaction. */
    Uni<Boolean> firstTime(String sessionId, String url);

    /** Tells the rest of Podbench, once the sighting is stored. */
    void announce(PullRequestDetected detected);
}
