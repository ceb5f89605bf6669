package org.callroom.protocol;

/** Sent to the rest of the room when a peer leaves, hangs up or its socket drops. */
public record PeerLeft(String peerId) implements SignalMessage, ServerMessage {
}
