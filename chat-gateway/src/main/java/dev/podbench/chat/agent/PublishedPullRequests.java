package dev.podbench.chat.agent;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.chat.events.ChatEventsPublisher;
import dev.podbench.chat.events.DetectedPullRequests;
import dev.podbench.events.pullrequest.PullRequestDetected;
import io.smallrye.mutiny.Uni;

/** Pull-request sightings remembered in the database and published to {@code podbench.pull-requests}. */
@ApplicationScoped
public class PublishedPullRequests implements PullRequestSightings {

    private static final Logger LOG = Logger.getLogger(PublishedPullRequests.class);

    private final DetectedPullRequests detected;
    private final ChatEventsPublisher publisher;

    public PublishedPullRequests(DetectedPullRequests detected, ChatEventsPublisher publisher) {
        this.detected = detected;
        this.publisher = publisher;
    }

    @Override
    public Uni<Boolean> firstTime(String sessionId, String url) {
        return detected.firstTime(sessionId, url);
    }

    @Override
    public void announce(PullRequestDetected pullRequest) {
        publisher.pullRequest(pullRequest).subscribe().with(ok -> {
        }, e -> LOG.warnf("session %s: pull request %s not published: %s", pullRequest.sessionId(), pullRequest.url(),
                e.getMessage()));
    }
}
