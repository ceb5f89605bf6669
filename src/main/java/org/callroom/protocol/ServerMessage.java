package org.callroom.protocol;

/** What the server sends to a browser (every one is also a {@link SignalMessage}). */
public sealed interface ServerMessage permits Welcome, PeerJoined, PeerLeft, ErrorMessage, Pong, Relayed {
}
