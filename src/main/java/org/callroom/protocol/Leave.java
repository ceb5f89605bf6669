package org.callroom.protocol;

/** The peer hangs up: the server tells the room and closes the socket normally. */
public record Leave() implements SignalMessage, ClientMessage {
}
