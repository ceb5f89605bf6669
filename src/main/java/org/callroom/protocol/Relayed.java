package org.callroom.protocol;

/**
 * A message one peer addresses to another ({@code to}); the server forwards it unchanged
 * except that it stamps {@code from} with the sender's id, whatever the sender wrote there.
 */
public sealed interface Relayed extends ClientMessage, ServerMessage permits SessionDescription, Candidate, Mute {

    String to();

    String from();

    /** The same message as delivered to {@link #to()}, stamped with the sender's id. */
    Relayed from(String senderId);
}
