package dev.podbench.events;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Writes money as a JSON string holding a plain decimal ({@code "0.012345"}): never a JSON number
 * (consumers in other languages would parse it as a binary float) and never exponent notation.
 * Reading accepts such a string (and, leniently, a JSON number) through Jackson's standard
 * BigDecimal deserializer.
 */
public final class DecimalStringSerializer extends StdSerializer<BigDecimal> {

    public DecimalStringSerializer() {
        super(BigDecimal.class);
    }

    @Override
    public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(value.toPlainString());
    }
}
