package org.callroom.protocol;

import jakarta.json.JsonException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.StringReader;
import java.util.NoSuchElementException;

/**
 * Walks a client frame's JSON-P events once before it is bound, and finds its {@code type}. Binding then meets only
 * complete, well-formed, shallow JSON: Parsson's skipObject()/skipArray(), which JSON-B calls for unknown fields,
 * loop forever on a truncated frame such as {@code {"x":[} (eclipse-ee4j/parsson#23).
 */
final class FrameCheck {

    /** How deep a value inside the frame may nest; deeper frames are refused rather than walked. */
    static final int MAX_DEPTH = 64;

    private FrameCheck() {
    }

    /**
     * The frame's {@code type}, once the frame has been read to the end of its object (what follows is not read).
     *
     * @throws InvalidMessageException with {@code bad-message} when the frame is not a JSON object with a string type
     */
    static String type(JsonProvider json, String text) {
        String type = null;
        boolean typeIsString = false;
        try (JsonParser parser = json.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
                throw bad("a message must be a JSON object");
            }
            int depth = 1;
            boolean typeComes = false;
            while (depth > 0) {
                Event event = parser.next();
                if (typeComes) {
                    typeIsString = event == Event.VALUE_STRING;
                    type = typeIsString ? parser.getString() : null;
                }
                typeComes = depth == 1 && event == Event.KEY_NAME && "type".equals(parser.getString());
                if (event == Event.START_OBJECT || event == Event.START_ARRAY) {
                    if (++depth > MAX_DEPTH + 1) {
                        throw bad("nested too deeply");
                    }
                } else if (event == Event.END_OBJECT || event == Event.END_ARRAY) {
                    depth--;
                }
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException notJson) {
            throw bad("not valid JSON");
        }
        if (!typeIsString) {
            throw bad("a message needs a string 'type'");
        }
        return type;
    }

    private static InvalidMessageException bad(String problem) {
        return new InvalidMessageException(ErrorCode.BAD_MESSAGE, problem);
    }
}
