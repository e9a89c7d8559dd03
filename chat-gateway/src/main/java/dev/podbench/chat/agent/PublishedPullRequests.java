package dev.podbench.chat.agent;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.chat.events.ChatEventsPublisher;
import dev.podbench.events.pullrequest.PullRequestDetected;

/** Pull-request sightings published to {@code podbench.pull-requests}. */
@ApplicationScoped
public class PublishedPullRequests implements PullRequestSightings {

    private static final Logger LOG = Logger.getLogger(PublishedPullRequests.class);

    private final ChatEventsPublisher publisher;

    public PublishedPullRequests(ChatEventsPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void announce(PullRequestDetected pullRequest) {
        publisher.pullRequest(pullRequest).subscribe().with(ok -> {
        }, e -> LOG.warnf("session %s: pull request %s not published: %s", pullRequest.sessionId(), pullRequest.url(),
                e.getMessage()));
    }
}
