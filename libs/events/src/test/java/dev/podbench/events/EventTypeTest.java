package dev.podbench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.podbench.events.session.SessionSnapshot;

class EventTypeTest {

    @Test
    void typeStringsFollowTheNamingScheme() {
        for (EventType type : EventType.values()) {
            assertThat(type.type()).matches("dev\\.podbench\\.[a-z-]+\\.[a-z-]+\\.v[0-9]+");
            assertThat(EventType.fromType(type.type())).contains(type);
            assertThat(EventType.forPayload(type.payloadType())).isEqualTo(type);
        }
    }

    @Test
    void everyTypeIsOnAContractTopicAndEveryTopicHasTypes() {
        Set<String> topics = Topics.all().stream().map(Topics.TopicDefinition::name).collect(Collectors.toSet());
        Topics.deadLetters().forEach(deadLetter -> topics.remove(deadLetter.name()));
        assertThat(Arrays.stream(EventType.values()).map(EventType::topic).collect(Collectors.toSet()))
                .isEqualTo(topics);
    }

    @Test
    void deadLetterTopicsAreContractTopicsWithoutEventTypes() {
        assertThat(Topics.all()).containsAll(Topics.deadLetters());
        assertThat(Topics.deadLetters()).extracting(Topics.TopicDefinition::name)
                .containsExactly(Topics.USAGE_DEAD_LETTER, Topics.PULL_REQUESTS_DEAD_LETTER)
                .allSatisfy(name -> assertThat(EventType.onTopic(name)).isEmpty());
    }

    @Test
    void theCompactedTopicCarriesOnlySnapshots() {
        assertThat(EventType.onTopic(Topics.SESSIONS)).containsExactly(EventType.SESSION_SNAPSHOT);
        assertThat(Topics.all()).filteredOn(Topics.TopicDefinition::compacted)
                .extracting(Topics.TopicDefinition::name).containsExactly(Topics.SESSIONS);
        assertThat(EventType.SESSION_SNAPSHOT.payloadType()).isEqualTo(SessionSnapshot.class);
    }

    @Test
    void unknownLookups() {
        assertThat(EventType.fromType("dev.podbench.session.snapshot.v2")).isEmpty();
        assertThat(EventType.fromType(null)).isEmpty();
        assertThat(EventType.onTopic("other")).isEmpty();
        assertThatThrownBy(() -> EventType.forPayload(String.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
