package org.callroom.protocol;

/** Sent to everyone already in the room when a peer joins it. */
public record PeerJoined(String peerId, String name) implements SignalMessage, ServerMessage {
}
