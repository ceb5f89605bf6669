package org.callroom.room;

import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ServerMessage;

/**
 * Where a room's messages for one peer go. Implementations never block the caller and never throw. When the peer's
 * socket drops, the recipient holds what is sent to it until a resumed socket's recipient takes over.
 */
public interface Recipient {

    /** Queues a message; messages arrive in the order they were sent. */
    void send(ServerMessage message);

    /** Closes the peer's socket; a later {@link #send} is dropped. */
    void close(CloseCode code, String reason);

    /**
     * The socket went away without being closed by this side: keep what is sent from now on, within the usual bounds.
     *
     * @return false when this side had closed it (after leave, a refusal, or a reader too far behind): nothing to resume
     */
    boolean hold();

    /** Whether a socket is behind it: neither held nor closed. */
    boolean connected();

    /**
     * Sends {@code first} to {@code next}, then everything held, then everything sent here later, in order.
     *
     * @return false, sending nothing, when what was held had to be dropped or this side closed it
     */
    boolean handOver(Recipient next, ServerMessage first);
}
