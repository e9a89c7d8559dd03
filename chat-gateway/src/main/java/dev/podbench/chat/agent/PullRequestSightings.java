package dev.podbench.chat.agent;

import dev.podbench.events.pullrequest.PullRequestDetected;

/** Where the pull requests a session's agent mentions are told to the rest of Podbench. */
public interface PullRequestSightings {

    /** Tells the rest of Podbench, once the output that showed it is stored. */
    void announce(PullRequestDetected detected);
}
