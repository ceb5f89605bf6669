package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbNillable;

/**
 * The first message on a socket: who is joining the room named in the URL, with a join token when the server
 * requires one (docs/protocol.md, "Join tokens"); the token is null when absent.
 */
@JsonbNillable(false)
public record Join(String name, String token) implements SignalMessage, ClientMessage {

    public static final int MAX_NAME_LENGTH = 64;

    /** A compact JWT is a few hundred characters; this only keeps a frame from carrying a huge one to the verifier. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    /** The constructor JSON-B binds, as the record has more than one. */
    @JsonbCreator
    public Join {
        name = Fields.displayName(name);
        Fields.require(token == null || (!token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH),
                "token must be 1-" + MAX_TOKEN_LENGTH + " characters");
        token = Fields.text("token", token);
    }

    /** A join without a token. */
    public Join(String name) {
        this(name, null);
    }

    /**
     * A display name as a join would carry it: trimmed, 1-64 characters, no control characters.
     *
     * @throws InvalidMessageException when it breaks those rules
     */
    public static String displayName(String name) {
        return Fields.displayName(name);
    }

    /** Never prints the token: a logged message must not hand anyone a way in. */
    @Override
    public String toString() {
        return "Join[name=" + name + ", token=" + (token == null ? "none" : "(" + token.length() + " characters)") + "]";
    }
}
