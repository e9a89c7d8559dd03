package dev.podbench.session.sessions;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import dev.podbench.events.session.SessionEndReason;

@Converter
public class EndReasonColumn implements AttributeConverter<SessionEndReason, String> {

    @Override
    public String convertToDatabaseColumn(SessionEndReason reason) {
        return reason == null ? null : reason.value();
    }

    @Override
    public SessionEndReason convertToEntityAttribute(String value) {
        return value == null ? null : SessionEndReason.fromValue(value);
    }
}
