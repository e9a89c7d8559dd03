package dev.podbench.sessions;

import static dev.podbench.events.session.SessionState.ACTIVE;
import static dev.podbench.events.session.SessionState.ENDED;
import static dev.podbench.events.session.SessionState.FAILED;
import static dev.podbench.events.session.SessionState.STARTING;
import static dev.podbench.sessions.Snapshots.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;

class SessionDirectoryTest {

    /** Waits far longer than any test runs: a test that depended on a timeout would hang, not pass by luck. */
    private static final Duration LONG = Duration.ofHours(1);

    private final SessionDirectory directory = new SessionDirectory(LONG);

    @Test
    void holdsWhatTheOrderingRuleSays() {
        SessionSnapshot ended = at(ENDED, 5);
        assertThat(directory.apply(at(ACTIVE, 1))).isEqualTo(at(ACTIVE, 1));
        assertThat(directory.apply(ended)).isSameAs(ended);
        assertThat(directory.apply(at(ACTIVE, 9))).isSameAs(ended);
        assertThat(directory.find("s1")).contains(ended);
    }

    @Test
    void matchingListsTheCurrentSnapshotsThatSatisfyTheFilter() {
        directory.apply(Snapshots.at("s1", ACTIVE, 1));
        directory.apply(Snapshots.at("s2", ENDED, 2));
        directory.apply(Snapshots.at("s3", ACTIVE, 3));
        directory.remove("s3");
        assertThat(directory.matching(s -> true)).extracting(SessionSnapshot::sessionId)
                .containsExactlyInAnyOrder("s1", "s2");
        assertThat(directory.matching(s -> s.state() == ENDED)).extracting(SessionSnapshot::sessionId)
                .containsExactly("s2");
    }

    @Test
    void outOfOrderDeliveryKeepsTheNewest() {
        directory.apply(at(ACTIVE, 8));
        assertThat(directory.apply(at(STARTING, 2)).state()).isEqualTo(ACTIVE);
        assertThat(directory.find("s1").orElseThrow().updatedAt()).isEqualTo(Snapshots.T0.plusSeconds(8));
    }

    @Test
    void anEndEventOvertakingTheFinalSnapshotMarksTheSessionFinal() {
        directory.apply(at(ACTIVE, 1));
        directory.markFinal("s1", FAILED);
        SessionSnapshot held = directory.find("s1").orElseThrow();
        assertThat(held).isEqualTo(at(ACTIVE, 1).withState(FAILED));
        assertThat(directory.apply(at(ACTIVE, 2)).state()).isEqualTo(FAILED);
        // the real final snapshot, taken later, replaces the marked one
        assertThat(directory.apply(at(ENDED, 3))).isEqualTo(at(ENDED, 3));
        directory.markFinal("s1", FAILED);
        assertThat(directory.find("s1").orElseThrow().state()).isEqualTo(ENDED);
        directory.markFinal("unknown", ENDED);
        assertThat(directory.find("unknown")).isEmpty();
    }

    @Test
    void aReplayInAnyOrderLeavesEachSessionOnItsCurrentSnapshot() {
        // the compacted topic may still hold older records of a key next to the latest
        directory.apply(at("a", ENDED, 9));
        directory.apply(at("b", ACTIVE, 4));
        directory.apply(at("a", ACTIVE, 3));
        directory.apply(at("b", STARTING, 1));
        directory.apply(at("c", STARTING, 0));
        directory.remove("c");
        directory.markCaughtUp();
        assertThat(directory.isCaughtUp()).isTrue();
        assertThat(directory.size()).isEqualTo(2);
        assertThat(directory.find("a").orElseThrow().state()).isEqualTo(ENDED);
        assertThat(directory.find("b").orElseThrow().state()).isEqualTo(ACTIVE);
        assertThat(directory.find("c")).isEmpty();
    }

    @Test
    void awaitAnswersAtOnceWhatIsReady() {
        directory.markCaughtUp();
        directory.apply(at(ACTIVE, 1));
        assertThat(await("s1", s -> true)).isCompletedWithValue(Optional.of(at(ACTIVE, 1)));
        assertThat(directory.waiting()).isZero();
    }

    @Test
    void awaitWaitsForTheSnapshotThatSatisfiesIt() {
        directory.markCaughtUp();
        directory.apply(at(STARTING, 0));
        CompletableFuture<Optional<SessionSnapshot>> leftStarting = await("s1", s -> s.state() != STARTING);
        assertThat(leftStarting).isNotDone();
        directory.apply(at(STARTING, 1));
        assertThat(leftStarting).isNotDone();
        directory.apply(at(ACTIVE, 2));
        assertThat(leftStarting).isCompletedWithValue(Optional.of(at(ACTIVE, 2)));
        assertThat(directory.waiting()).isZero();
    }

    @Test
    void awaitHearsAnEndEvent() {
        directory.markCaughtUp();
        directory.apply(at(STARTING, 0));
        CompletableFuture<Optional<SessionSnapshot>> finished = await("s1", s -> s.state().isFinal());
        directory.markFinal("s1", SessionState.FAILED);
        assertThat(finished.join().orElseThrow().state()).isEqualTo(FAILED);
    }

    @Test
    void awaitWaitsForTheReplayBeforeSayingUnknown() {
        CompletableFuture<Optional<SessionSnapshot>> lookup = directory.await("s1", s -> true, Duration.ZERO)
                .subscribeAsCompletionStage();
        directory.apply(at(ACTIVE, 1));
        assertThat(lookup).isNotDone();
        directory.markCaughtUp();
        assertThat(lookup).isCompletedWithValue(Optional.of(at(ACTIVE, 1)));
    }

    @Test
    void awaitWithoutTimeToWaitAnswersWithWhatIsKnown() {
        directory.markCaughtUp();
        assertThat(directory.await("s1", s -> true, Duration.ZERO).subscribeAsCompletionStage())
                .isCompletedWithValue(Optional.empty());
        directory.apply(at(STARTING, 0));
        assertThat(directory.await("s1", s -> s.state() == ACTIVE, Duration.ZERO).subscribeAsCompletionStage())
                .isCompletedWithValue(Optional.of(at(STARTING, 0)));
    }

    @Test
    void aCancelledWaitLeavesNothingBehind() {
        directory.markCaughtUp();
        var wait = directory.await("nobody", s -> true, LONG).subscribe().with(found -> {
        });
        assertThat(directory.waiting()).isEqualTo(1);
        wait.cancel();
        assertThat(directory.waiting()).isZero();
    }

    @Test
    void awaitVisibleShowsASessionToItsOwnerAndAdminsOnly() {
        directory.markCaughtUp();
        directory.apply(at(ACTIVE, 1));
        assertThat(directory.awaitVisible("s1", "alice", false, Duration.ZERO).subscribeAsCompletionStage())
                .isCompletedWithValue(Optional.of(at(ACTIVE, 1)));
        assertThat(directory.awaitVisible("s1", "bob", false, Duration.ZERO).subscribeAsCompletionStage())
                .isCompletedWithValue(Optional.empty());
        assertThat(directory.awaitVisible("s1", "root", true, Duration.ZERO).subscribeAsCompletionStage())
                .isCompletedWithValue(Optional.of(at(ACTIVE, 1)));
    }

    private CompletableFuture<Optional<SessionSnapshot>> await(String sessionId,
            java.util.function.Predicate<SessionSnapshot> ready) {
        return directory.await(sessionId, ready, LONG).subscribeAsCompletionStage();
    }
}
