package org.callroom.protocol;

import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.math.BigDecimal;

/** Reads an int that must be exact, from a number or a numeric string: JSON-B's default reads 0.5 and 1e400 as 0. */
public final class WholeNumber implements JsonbDeserializer<Integer> {

    @Override
    public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
        String number;
        try {
            // A number's text as written, or a string's; booleans, objects, arrays and null have none.
            number = parser.getString();
        } catch (IllegalStateException notText) {
            if (parser.getValue() == JsonValue.NULL) {
                return null;
            }
            throw new JsonbException("not an int", notText);
        }
        // Bounded, so that no exponent is worth expanding.
        if (number.isEmpty() || number.length() > 32) {
            throw new JsonbException("not an int");
        }
        try {
            return new BigDecimal(number.strip()).intValueExact();
        } catch (NumberFormatException | ArithmeticException notAnInt) {
            throw new JsonbException("not an int", notAnInt);
        }
    }
}
