package org.callroom.protocol;

/**
 * A moderator mutes another peer's microphone ({@code muted} true), or asks it to unmute (false): the page turns its
 * own microphone off, or only asks its person, since nobody but that person may turn a microphone on.
 */
public record Mute(String to, String from, boolean muted) implements SignalMessage, Relayed {

    public Mute {
        to = Fields.peerId("to", to);
    }

    @Override
    public Mute from(String senderId) {
        return new Mute(to, senderId, muted);
    }
}
