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
 * JSON text to messages and back, through one JSON-B instance. Client frames are bound by
 * {@link ClientMessageDeserializer} and relayed candidates written by {@link CandidateSerializer}, both on JSON-P's
 * parser and generator, since they run for every relayed frame; every other message is written by plain binding.
 */
public final class MessageCodec {

    /** The one list of wire types, on {@link SignalMessage}; everything below is derived from it. */
    private static final JsonbTypeInfo WIRE_TYPES = SignalMessage.class.getAnnotation(JsonbTypeInfo.class);

    private static final Map<Class<?>, String> ALIASES = Arrays.stream(WIRE_TYPES.value())
            .collect(Collectors.toUnmodifiableMap(JsonbSubtype::type, JsonbSubtype::alias));

    /** Wire aliases of the types a client may send, and of the rest, which clients are told they may not. */
    private static final Set<String> CLIENT_TYPES = aliases(true);
    private static final Set<String> SERVER_ONLY_TYPES = aliases(false);

    /**
     * Thread-safe and costly to build, so one serves every socket; its JSON-P provider is looked up once too.
     * Nulls are written (the end-of-candidates {@code "candidate":null}); {@link IceServer} keeps its absent username
     * and credential absent.
     */
    private static final Jsonb JSONB = JsonbBuilder.newBuilder()
            .withProvider(JsonProvider.provider())
            .withConfig(new JsonbConfig()
                    .withNullValues(true)
                    .withDeserializers(new ClientMessageDeserializer(CLIENT_TYPES, SERVER_ONLY_TYPES))
                    .withSerializers(new CandidateSerializer()))
            .build();

    private MessageCodec() {
    }

    /**
     * Reads one frame from a client.
     *
     * @throws InvalidMessageException with {@code bad-message} or {@code unknown-type} when the frame is not a valid client message
     */
    public static ClientMessage decode(String text) {
        ClientMessage message;
        try {
            message = JSONB.fromJson(text, ClientMessage.class);
        } catch (JsonbException e) {
            throw refusal(e);
        }
        if (message == null) {
            throw bad("a message must be a JSON object");
        }
        return message;
    }

    /** Writes a message, its type first. */
    public static String encode(SignalMessage message) {
        // Bound by its runtime type, the record, which @JsonbTypeInfo on SignalMessage gives its type key.
        return JSONB.toJson(message);
    }

    /** The wire name of a message's type, as in docs/protocol.md. */
    public static String typeOf(SignalMessage message) {
        return ALIASES.get(message.getClass());
    }

    /** The refusal JSON-B wraps when the deserializer or a record's constructor throws; else the text was not JSON. */
    private static InvalidMessageException refusal(JsonbException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidMessageException refused) {
                return refused;
            }
        }
        return bad("not valid JSON");
    }

    private static InvalidMessageException bad(String problem) {
        return new InvalidMessageException(ErrorCode.BAD_MESSAGE, problem);
    }

    private static Set<String> aliases(boolean sentByClients) {
        return Arrays.stream(WIRE_TYPES.value())
                .filter(subtype -> ClientMessage.class.isAssignableFrom(subtype.type()) == sentByClients)
                .map(JsonbSubtype::alias)
                .collect(Collectors.toUnmodifiableSet());
    }
}
