package org.callroom.protocol;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON text to messages and back, with JSON-B.
 * The happy path parses once; only a frame that fails to bind is parsed again to tell the client why.
 */
public final class MessageCodec {

    /**
     * Jsonb instances are thread-safe and costly to build: one serves every socket.
     * Nulls are written (the end-of-candidates {@code "candidate":null}); types whose absent fields must stay absent say so.
     */
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));
    /** Looked up once: {@code Json.createReader} searches the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** The one list of wire types, on {@link SignalMessage}; everything below is derived from it. */
    private static final JsonbTypeInfo WIRE_TYPES = SignalMessage.class.getAnnotation(JsonbTypeInfo.class);

    private static final String TYPE_KEY = WIRE_TYPES.key();

    /** Wire aliases of the types a client may send. */
    private static final Set<String> CLIENT_TYPES = Arrays.stream(WIRE_TYPES.value())
            .filter(subtype -> ClientMessage.class.isAssignableFrom(subtype.type()))
            .map(JsonbSubtype::alias)
            .collect(Collectors.toUnmodifiableSet());

    private static final Map<Class<?>, String> ALIASES = Arrays.stream(WIRE_TYPES.value())
            .collect(Collectors.toUnmodifiableMap(JsonbSubtype::type, JsonbSubtype::alias));

    private MessageCodec() {
    }

    /**
     * Reads one frame from a client.
     *
     * @throws InvalidMessageException with {@code bad-message} or {@code unknown-type} when the frame is not a valid client message
     */
    public static ClientMessage decode(String text) {
        SignalMessage message;
        try {
            message = JSONB.fromJson(text, SignalMessage.class);
        } catch (JsonbException | JsonException | ClassCastException e) {
            throw explain(text, e);
        }
        if (message == null) {
            throw new InvalidMessageException(ErrorCode.BAD_MESSAGE, "a message must be a JSON object");
        }
        if (message instanceof ClientMessage clientMessage) {
            return clientMessage;
        }
        throw new InvalidMessageException(ErrorCode.UNKNOWN_TYPE, "type '" + typeOf(message) + "' is not sent by clients");
    }

    public static String encode(SignalMessage message) {
        // By runtime type: Yasson writes no properties when told to serialize "a SignalMessage".
        return JSONB.toJson(message);
    }

    /** The wire name of a message's type, as in docs/protocol.md. */
    public static String typeOf(SignalMessage message) {
        return ALIASES.get(message.getClass());
    }

    private static InvalidMessageException explain(String text, RuntimeException failure) {
        InvalidMessageException fromRecord = causeOfType(failure, InvalidMessageException.class);
        if (fromRecord != null) {
            return fromRecord;
        }
        JsonValue value;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException e) {
            return new InvalidMessageException(ErrorCode.BAD_MESSAGE, "not valid JSON");
        }
        if (!(value instanceof JsonObject object)) {
            return new InvalidMessageException(ErrorCode.BAD_MESSAGE, "a message must be a JSON object");
        }
        JsonValue type = object.get(TYPE_KEY);
        if (!(type instanceof JsonString typeName)) {
            return new InvalidMessageException(ErrorCode.BAD_MESSAGE, "a message needs a string 'type'");
        }
        if (!CLIENT_TYPES.contains(typeName.getString())) {
            return new InvalidMessageException(ErrorCode.UNKNOWN_TYPE, "unknown type '" + ErrorMessage.excerpt(typeName.getString()) + "'");
        }
        return new InvalidMessageException(ErrorCode.BAD_MESSAGE, "invalid fields for type '" + typeName.getString() + "'");
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
