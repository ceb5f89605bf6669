package org.callroom.protocol;

/** A moderator removes another peer of its room: the server closes that peer's socket with 4001 and tells the room. */
public record Remove(String to) implements SignalMessage, ClientMessage {

    public Remove {
        to = Fields.peerId("to", to);
    }
}
