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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.podbench.events.session.SessionSnapshot;

class SessionOrderTest {

    @Test
    void theFirstSnapshotIsCurrent() {
        SessionSnapshot first = at(STARTING, 0);
        assertThat(SessionOrder.current(null, first)).isSameAs(first);
    }

    /** {held, incoming, the one to hold}: decided by the states and times alone, in either arrival order. */
    static Stream<Arguments> pairs() {
        SessionSnapshot starting = at(STARTING, 0);
        SessionSnapshot active = at(ACTIVE, 5);
        SessionSnapshot ended = at(ENDED, 5);
        SessionSnapshot lateActive = at(ACTIVE, 9);
        SessionSnapshot failed = at(FAILED, 3);
        SessionSnapshot laterEnded = at(ENDED, 7);
        return Stream.of(
                Arguments.of("the newest wins between live states", starting, active, active),
                Arguments.of("an older live state does not replace a newer one", active, starting, active),
                Arguments.of("a final state wins over a later live one", ended, lateActive, ended),
                Arguments.of("a final state replaces a live one that came later in time but earlier in arrival", lateActive, ended, ended),
                Arguments.of("the newest wins between final states", failed, laterEnded, laterEnded),
                Arguments.of("an older final state does not replace a newer one", laterEnded, failed, laterEnded));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void decidesByStateThenTime(String rule, SessionSnapshot held, SessionSnapshot incoming, SessionSnapshot current) {
        assertThat(SessionOrder.current(held, incoming)).isSameAs(current);
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
