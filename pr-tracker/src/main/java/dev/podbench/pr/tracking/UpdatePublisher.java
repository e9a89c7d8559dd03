package dev.podbench.pr.tracking;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.pullrequest.PullRequestUpdated;
import dev.podbench.pr.status.PullRequestStatus;

/** Publishes {@code pull-request.updated.v1} (key = session id). */
@ApplicationScoped
public class UpdatePublisher {

    static final String SOURCE = "/podbench/pr-tracker";

    private final MutinyEmitter<CloudEvent<?>> updates;

    public UpdatePublisher(@Channel("updates") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            MutinyEmitter<CloudEvent<?>> updates) {
        this.updates = updates;
    }

    public Uni<Void> changed(TrackedPullRequest pr, PullRequestStatus status, Instant observedAt) {
        CloudEvent<PullRequestUpdated> event = CloudEvent.of(SOURCE, new PullRequestUpdated(pr.sessionId(), pr.url(),
                status.title(), status.eventState(), status.checks().state().toEvent(), status.review().decision(),
                observedAt));
        return updates.sendMessage(Message.<CloudEvent<?>> of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String> builder().withKey(event.key()).build()));
    }
}
