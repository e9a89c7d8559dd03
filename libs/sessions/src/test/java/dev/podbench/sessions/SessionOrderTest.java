package dev.podbench.sessions;

import static dev.podbench.events.session.SessionState.ACTIVE;
import static dev.podbench.events.session.SessionState.ENDED;
import static dev.podbench.events.session.SessionState.ENDING;
import static dev.podbench.events.session.SessionState.FAILED;
import static dev.podbench.events.session.SessionState.STARTING;
import static dev.podbench.sessions.Snapshots.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.podbench.events.session.SessionSnapshot;

class SessionOrderTest {

    @Test
    void theFirstSnapshotIsCurrent() {
        SessionSnapshot first = at(STARTING, 0);
        assertThat(SessionOrder.current(null, first)).isSameAs(first);
    }

    @Test
    void theNewestWinsBetweenLiveStates() {
        SessionSnapshot starting = at(STARTING, 0);
        SessionSnapshot active = at(ACTIVE, 5);
        assertThat(SessionOrder.current(starting, active)).isSameAs(active);
        assertThat(SessionOrder.current(active, starting)).isSameAs(active);
    }

    @Test
    void aFinalStateWinsOverALaterLiveOne() {
        SessionSnapshot ended = at(ENDED, 5);
        SessionSnapshot lateActive = at(ACTIVE, 9);
        assertThat(SessionOrder.current(ended, lateActive)).isSameAs(ended);
        assertThat(SessionOrder.current(lateActive, ended)).isSameAs(ended);
    }

    @Test
    void theNewestWinsBetweenFinalStates() {
        SessionSnapshot failed = at(FAILED, 3);
        SessionSnapshot ended = at(ENDED, 7);
        assertThat(SessionOrder.current(failed, ended)).isSameAs(ended);
        assertThat(SessionOrder.current(ended, failed)).isSameAs(ended);
    }

    @Test
    void onATieTheLastArrivalWins() {
        SessionSnapshot first = at(ACTIVE, 4);
        SessionSnapshot republished = at(ACTIVE, 4);
        assertThat(SessionOrder.current(first, republished)).isSameAs(republished);
    }

    @Test
    void everyDeliveryOrderEndsOnTheSameSnapshot() {
        List<SessionSnapshot> history = List.of(at(STARTING, 0), at(ACTIVE, 1), at(ACTIVE, 2), at(ENDING, 3),
                at(ENDED, 4));
        Random random = new Random(12);
        for (int round = 0; round < 200; round++) {
            List<SessionSnapshot> delivered = new ArrayList<>(history);
            delivered.addAll(history.subList(0, random.nextInt(history.size()))); // redeliveries
            Collections.shuffle(delivered, random);
            SessionSnapshot held = null;
            for (SessionSnapshot snapshot : delivered) {
                held = SessionOrder.current(held, snapshot);
            }
            assertThat(held).as("delivered %s", delivered).isEqualTo(history.get(4));
        }
    }
}
