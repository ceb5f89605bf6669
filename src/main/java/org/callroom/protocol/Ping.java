package org.callroom.protocol;

/** A client asks whether its socket still reaches the server, which answers {@link Pong} at once. */
public record Ping() implements SignalMessage, ClientMessage {
}
