package org.callroom.signaling;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ServerMessage;
import org.callroom.room.PeerSocket;

/** A peer's socket on the standard endpoint: the container's WebSocket session, messages through the endpoint's encoder. */
final class EndpointSocket implements PeerSocket {

    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);

    private static final Logger LOG = Logger.getLogger(EndpointSocket.class.getName());

    private final Session session;

    EndpointSocket(Session session) {
        this.session = session;
    }

    /** Closes a session with one of the protocol's close codes. */
    static void close(Session session, CloseCode code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing a socket that was already going away", e);
        }
    }

    /** May throw (containers do once the socket is closing); the mailbox treats that as a failed write. */
    @Override
    public void send(ServerMessage message, Consumer<Throwable> completion) {
        session.getAsyncRemote().sendObject(message, result -> completion.accept(result.isOK() ? null : result.getException()));
    }

    @Override
    public void ping() {
        try {
            session.getAsyncRemote().sendPing(NO_PAYLOAD.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ping failed; the heartbeat closes the socket if it stays silent", e);
        }
    }

    @Override
    public void close(CloseCode code, String reason) {
        close(session, code, reason);
    }
}
