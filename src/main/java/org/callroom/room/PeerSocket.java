package org.callroom.room;

import java.util.function.Consumer;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ServerMessage;

/** One peer's signaling socket as the WebSocket container offers it. Implementations never block. */
public interface PeerSocket {

    /** Starts one asynchronous send, reporting completion (null) or failure; may throw once the socket is closing. */
    void send(ServerMessage message, Consumer<Throwable> completion);

    /** Sends a ping; browsers answer by themselves. Never throws. */
    void ping();

    /** Closes the socket. Never throws. */
    void close(CloseCode code, String reason);
}
