package org.callroom.protocol;

/** The first message on a socket: who is joining the room named in the URL. */
public record Join(String name) implements SignalMessage, ClientMessage {

    public static final int MAX_NAME_LENGTH = 64;

    public Join {
        name = Fields.displayName(name);
    }
}
