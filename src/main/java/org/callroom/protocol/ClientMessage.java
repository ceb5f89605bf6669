package org.callroom.protocol;

/** What a browser may send to the server (every one is also a {@link SignalMessage}). */
public sealed interface ClientMessage permits Join, Leave, Ping, Remove, Relayed {
}
