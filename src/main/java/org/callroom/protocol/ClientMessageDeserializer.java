package org.callroom.protocol;

import jakarta.json.JsonException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Binds a client frame to its record in one pass over JSON-P's events, since this runs for every frame a server
 * relays: the frame's type may come after its fields, so each known field is kept as read (null when absent, as JSON
 * null) and checked by the record once the type says it belongs; unknown fields are skipped. It reads as leniently as
 * JSON-B's default binding: a number or boolean where a string belongs is taken as its text, a numeric string where a
 * number belongs as that number, and anything after the frame's object is ignored.
 */
final class ClientMessageDeserializer implements JsonbDeserializer<ClientMessage> {

    /** A field whose value was an object or array where the protocol has a string, number or null. */
    private static final Object NOT_SCALAR = new Object();

    /** How deep a value the protocol does not use may nest; deeper frames are refused rather than walked. */
    static final int MAX_SKIPPED_DEPTH = 64;

    /** A JSON number as written, so that it can stand as text where a string belongs. */
    private record NumberText(String text) {
    }

    /** The parts of a {@code candidate} object, as read; checked by {@link IceCandidate} if the frame is a candidate. */
    private record CandidateFields(Object candidate, Object sdpMid, Object sdpMLineIndex, Object usernameFragment) {
    }

    private final Set<String> clientTypes;
    private final Set<String> serverTypes;

    ClientMessageDeserializer(Set<String> clientTypes, Set<String> serverTypes) {
        this.clientTypes = clientTypes;
        this.serverTypes = serverTypes;
    }

    @Override
    public ClientMessage deserialize(JsonParser parser, DeserializationContext context, Type type) {
        Object typeName = null;
        Object name = null;
        Object to = null;
        Object from = null;
        Object sdp = null;
        Object candidate = null;
        Object token = null;
        Object resume = null;
        Object muted = null;
        try {
            // Positioned at the frame's first event: anything but an object's start is followed by neither of these.
            Event event = parser.hasNext() ? parser.next() : null;
            if (event != Event.KEY_NAME && event != Event.END_OBJECT) {
                throw bad("a message must be a JSON object");
            }
            for (; event != Event.END_OBJECT; event = parser.next()) {
                String key = parser.getString();
                Event value = parser.next();
                switch (key) {
                    case "type" -> {
                        Object read = scalar(parser, value);
                        typeName = value == Event.VALUE_STRING ? read : NOT_SCALAR;
                    }
                    case "name" -> name = scalar(parser, value);
                    case "to" -> to = scalar(parser, value);
                    case "from" -> from = scalar(parser, value);
                    case "sdp" -> sdp = scalar(parser, value);
                    case "token" -> token = scalar(parser, value);
                    case "resume" -> resume = scalar(parser, value);
                    case "muted" -> muted = value == Event.VALUE_TRUE || value == Event.VALUE_FALSE ? value == Event.VALUE_TRUE : scalar(parser, value);
                    case "candidate" -> candidate = value == Event.START_OBJECT ? candidateFields(parser) : scalar(parser, value);
                    default -> skip(parser, value);
                }
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException notJson) {
            throw bad("not valid JSON");
        }
        return message(typeName, name, to, from, sdp, candidate, token, resume, muted);
    }

    private ClientMessage message(Object type, Object name, Object to, Object from, Object sdp, Object candidate, Object token,
            Object resume, Object muted) {
        if (!(type instanceof String typeName)) {
            throw bad("a message needs a string 'type'");
        }
        if (!clientTypes.contains(typeName)) {
            throw new InvalidMessageException(ErrorCode.UNKNOWN_TYPE, serverTypes.contains(typeName)
                    ? "type '" + typeName + "' is not sent by clients"
                    : "unknown type '" + ErrorMessage.excerpt(typeName) + "'");
        }
        return switch (typeName) {
            case "join" -> new Join(text(typeName, name), text(typeName, token), text(typeName, resume));
            case "offer" -> new Offer(text(typeName, to), text(typeName, from), text(typeName, sdp));
            case "answer" -> new Answer(text(typeName, to), text(typeName, from), text(typeName, sdp));
            case "candidate" -> new Candidate(text(typeName, to), text(typeName, from), iceCandidate(typeName, candidate));
            case "leave" -> new Leave();
            case "ping" -> new Ping();
            case "remove" -> new Remove(text(typeName, to));
            case "mute" -> {
                if (!(muted instanceof Boolean flag)) {
                    throw bad("mute needs 'muted': true or false");
                }
                yield new Mute(text(typeName, to), text(typeName, from), flag);
            }
            default -> throw new IllegalStateException("client type '" + typeName + "' has no record");
        };
    }

    private static Object scalar(JsonParser parser, Event value) {
        return switch (value) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NULL -> null;
            case VALUE_NUMBER -> new NumberText(parser.getString());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> {
                skip(parser, value);
                yield NOT_SCALAR;
            }
        };
    }

    /**
     * Skips a value the protocol does not use by reading its events, so the rest of the frame is still checked as JSON.
     * Parsson's own skipObject() and skipArray() neither check the grammar inside nor stop at the end of a truncated
     * frame: they loop forever on {@code {"x":[} (eclipse-ee4j/parsson#23).
     */
    private static void skip(JsonParser parser, Event value) {
        int depth = value == Event.START_OBJECT || value == Event.START_ARRAY ? 1 : 0;
        while (depth > 0) {
            Event event = parser.next();
            if (event == Event.START_OBJECT || event == Event.START_ARRAY) {
                if (++depth > MAX_SKIPPED_DEPTH) {
                    throw bad("nested too deeply");
                }
            } else if (event == Event.END_OBJECT || event == Event.END_ARRAY) {
                depth--;
            }
        }
    }

    private static CandidateFields candidateFields(JsonParser parser) {
        Object candidate = null;
        Object sdpMid = null;
        Object sdpMLineIndex = null;
        Object usernameFragment = null;
        for (Event event = parser.next(); event != Event.END_OBJECT; event = parser.next()) {
            String key = parser.getString();
            Event value = parser.next();
            switch (key) {
                case "candidate" -> candidate = scalar(parser, value);
                case "sdpMid" -> sdpMid = scalar(parser, value);
                case "sdpMLineIndex" -> sdpMLineIndex = scalar(parser, value);
                case "usernameFragment" -> usernameFragment = scalar(parser, value);
                default -> skip(parser, value);
            }
        }
        return new CandidateFields(candidate, sdpMid, sdpMLineIndex, usernameFragment);
    }

    /** A candidate object, or null (also when absent) for the end of candidates. */
    private static IceCandidate iceCandidate(String type, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof CandidateFields fields)) {
            throw invalidFields(type);
        }
        return new IceCandidate(text(type, fields.candidate()), text(type, fields.sdpMid()),
                index(type, fields.sdpMLineIndex()), text(type, fields.usernameFragment()));
    }

    /** A string field; absent and null are both null, which the record then accepts or refuses. */
    private static String text(String type, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String string) {
            return string;
        }
        if (value instanceof NumberText number) {
            return number.text();
        }
        throw invalidFields(type);
    }

    /** An exact int from a number or a numeric string; bounded, so that no exponent is worth expanding. */
    private static Integer index(String type, Object value) {
        if (value == null) {
            return null;
        }
        String number = value instanceof NumberText json ? json.text() : value instanceof String string ? string : null;
        if (number == null || number.length() > 32) {
            throw invalidFields(type);
        }
        try {
            return new BigDecimal(number.strip()).intValueExact();
        } catch (NumberFormatException | ArithmeticException notAnInt) {
            throw invalidFields(type);
        }
    }

    private static InvalidMessageException invalidFields(String type) {
        return bad("invalid fields for type '" + type + "'");
    }

    private static InvalidMessageException bad(String problem) {
        return new InvalidMessageException(ErrorCode.BAD_MESSAGE, problem);
    }
}
