package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.json.spi.JsonProvider;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON text to messages and back. Client frames are read with JSON-P's streaming parser ({@link ClientMessageReader})
 * and messages written directly ({@link MessageWriter}): both run for every relayed frame, where a JSON-B binding
 * cost several times as much (docs/BENCHMARKS.md). The wire types stay declared with JSON-B annotations on
 * {@link SignalMessage}, so any JSON-B implementation reads what this codec writes.
 */
public final class MessageCodec {

    /** The one list of wire types, on {@link SignalMessage}; everything below is derived from it. */
    private static final JsonbTypeInfo WIRE_TYPES = SignalMessage.class.getAnnotation(JsonbTypeInfo.class);

    private static final Map<Class<?>, String> ALIASES = Arrays.stream(WIRE_TYPES.value())
            .collect(Collectors.toUnmodifiableMap(JsonbSubtype::type, JsonbSubtype::alias));

    /** Wire aliases of the types a client may send, and of the rest, which clients are told they may not. */
    private static final Set<String> CLIENT_TYPES = aliases(true);
    private static final Set<String> SERVER_ONLY_TYPES = aliases(false);

    /** Looked up once: {@code Json.createParser} searches the class path for a provider on every call. */
    private static final ClientMessageReader READER = new ClientMessageReader(JsonProvider.provider(), CLIENT_TYPES, SERVER_ONLY_TYPES);

    private MessageCodec() {
    }

    /**
     * Reads one frame from a client.
     *
     * @throws InvalidMessageException with {@code bad-message} or {@code unknown-type} when the frame is not a valid client message
     */
    public static ClientMessage decode(String text) {
        return READER.read(text);
    }

    public static String encode(SignalMessage message) {
        return MessageWriter.write(message, typeOf(message));
    }

    /** The wire name of a message's type, as in docs/protocol.md. */
    public static String typeOf(SignalMessage message) {
        return ALIASES.get(message.getClass());
    }

    private static Set<String> aliases(boolean sentByClients) {
        return Arrays.stream(WIRE_TYPES.value())
                .filter(subtype -> ClientMessage.class.isAssignableFrom(subtype.type()) == sentByClients)
                .map(JsonbSubtype::alias)
                .collect(Collectors.toUnmodifiableSet());
    }
}
