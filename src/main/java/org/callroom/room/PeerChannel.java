package org.callroom.room;

import org.callroom.protocol.ServerMessage;

/** The way to one peer's browser. Implementations never block the caller and never throw. */
public interface PeerChannel {

    /** Queues a message; messages arrive in the order they were sent. */
    void send(ServerMessage message);

    /** Closes the connection with a WebSocket close code; a later {@link #send} is dropped. */
    void close(int closeCode, String reason);
}
