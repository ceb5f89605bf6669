package org.callroom.protocol;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.json.spi.JsonProvider;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON text to messages and back, by binding the message records with one JSON-B instance. A client frame is checked
 * first ({@link FrameCheck}), which also gives its type, so it is bound straight to that record.
 */
public final class MessageCodec {

    /** Looked up once: {@code Json.createParser} searches the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /**
     * Thread-safe and costly to build, so one serves every socket. Nulls are written (the end-of-candidates
     * {@code "candidate":null}); {@link IceServer} keeps its absent username and credential absent.
     */
    private static final Jsonb JSONB = JsonbBuilder.newBuilder()
            .withProvider(JSON)
            .withConfig(new JsonbConfig().withNullValues(true))
            .build();

    /** The one list of wire types, on {@link SignalMessage}; everything below is derived from it. */
    private static final JsonbTypeInfo WIRE_TYPES = SignalMessage.class.getAnnotation(JsonbTypeInfo.class);

    private static final Map<Class<?>, String> ALIASES = Arrays.stream(WIRE_TYPES.value())
            .collect(Collectors.toUnmodifiableMap(JsonbSubtype::type, JsonbSubtype::alias));

    /** The records clients may send, by wire alias. */
    private static final Map<String, Class<?>> CLIENT_TYPES = Arrays.stream(WIRE_TYPES.value())
            .filter(subtype -> ClientMessage.class.isAssignableFrom(subtype.type()))
            .collect(Collectors.toUnmodifiableMap(JsonbSubtype::alias, JsonbSubtype::type));

    private static final Set<String> SERVER_ONLY_TYPES = Arrays.stream(WIRE_TYPES.value())
            .map(JsonbSubtype::alias)
            .filter(alias -> !CLIENT_TYPES.containsKey(alias))
            .collect(Collectors.toUnmodifiableSet());

    private MessageCodec() {
    }

    /**
     * Reads one frame from a client.
     *
     * @throws InvalidMessageException with {@code bad-message} or {@code unknown-type} when the frame is not a valid client message
     */
    public static ClientMessage decode(String text) {
        String type = FrameCheck.type(JSON, text);
        Class<?> record = CLIENT_TYPES.get(type);
        if (record == null) {
            throw new InvalidMessageException(ErrorCode.UNKNOWN_TYPE, SERVER_ONLY_TYPES.contains(type)
                    ? "type '" + type + "' is not sent by clients"
                    : "unknown type '" + ErrorMessage.excerpt(type) + "'");
        }
        try {
            // The record does not have the type key, so binding ignores it like any unknown field.
            return (ClientMessage) JSONB.fromJson(text, record);
        } catch (JsonbException | IllegalStateException | ArithmeticException | NumberFormatException e) {
            throw refusal(type, e);
        }
    }

    /** Writes a message, its type first. */
    public static String encode(SignalMessage message) {
        // Binds by runtime type, so the record's fields and its type alias are written.
        return JSONB.toJson(message);
    }

    /** The wire name of a message's type, as in docs/protocol.md. */
    public static String typeOf(SignalMessage message) {
        return ALIASES.get(message.getClass());
    }

    /** A record's own refusal, which JSON-B wraps when the constructor throws, or else a field of the wrong shape. */
    private static InvalidMessageException refusal(String type, RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidMessageException refused) {
                return refused;
            }
        }
        return new InvalidMessageException(ErrorCode.BAD_MESSAGE, "invalid fields for type '" + type + "'");
    }
}
