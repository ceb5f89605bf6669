package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbNillable;

/**
 * The first message on a socket: who is joining the room named in the URL, with a join token when the server
 * requires one (docs/protocol.md, "Join tokens"), or the resume token of an earlier socket (docs/protocol.md,
 * "Resume"); each is null when absent.
 */
@JsonbNillable(false)
public record Join(String name, String token, String resume) implements SignalMessage, ClientMessage {

    public static final int MAX_NAME_LENGTH = 64;

    /** A compact JWT is a few hundred characters; this only keeps a frame from carrying a huge one to the verifier. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    /** A resume token is the server's own and a few hundred characters; longer is not one. */
    public static final int MAX_RESUME_LENGTH = 2048;

    /** The constructor JSON-B binds, as the record has more than one. */
    @JsonbCreator
    public Join {
        name = Fields.displayName(name);
        Fields.require(token == null || (!token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH),
                "token must be 1-" + MAX_TOKEN_LENGTH + " characters");
        token = Fields.text("token", token);
        Fields.require(resume == null || (!resume.isEmpty() && resume.length() <= MAX_RESUME_LENGTH),
                "resume must be 1-" + MAX_RESUME_LENGTH + " characters");
        resume = Fields.text("resume", resume);
    }

    /** A join without a token. */
    public Join(String name) {
        this(name, null, null);
    }

    /** A first join, with a join token or without (null). */
    public Join(String name, String token) {
        this(name, token, null);
    }

    /**
     * A display name as a join would carry it: trimmed, 1-64 characters, no control characters.
     *
     * @throws InvalidMessageException when it breaks those rules
     */
    public static String displayName(String name) {
        return Fields.displayName(name);
    }

    /** Never prints either token: a logged message must not hand anyone a way in. */
    @Override
    public String toString() {
        return "Join[name=" + name + ", token=" + hidden(token) + ", resume=" + hidden(resume) + "]";
    }

    private static String hidden(String token) {
        return token == null ? "none" : "(" + token.length() + " characters)";
    }
}
