package dev.podbench.session.sessions;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import dev.podbench.events.session.SessionState;

/** Stores the state as its wire value, so the table reads like the API and the events. */
@Converter
public class StateColumn implements AttributeConverter<SessionState, String> {

    @Override
    public String convertToDatabaseColumn(SessionState state) {
        return state == null ? null : state.value();
    }

    @Override
    public SessionState convertToEntityAttribute(String value) {
        return value == null ? null : SessionState.fromValue(value);
    }
}
