package org.callroom.room;

import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ServerMessage;

/** Where a room's messages for one peer go. Implementations never block the caller and never throw. */
public interface Recipient {

    /** Queues a message; messages arrive in the order they were sent. */
    void send(ServerMessage message);

    /** Closes the peer's socket; a later {@link #send} is dropped. */
    void close(CloseCode code, String reason);
}
