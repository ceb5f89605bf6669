package org.callroom.signaling;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.callroom.admission.Admission;
import org.callroom.admission.SocketQuota;
import org.callroom.protocol.CloseCode;
import org.callroom.room.RoomName;

/**
 * The signaling socket, {@code /signal/{room}}, on the standard Jakarta WebSocket API: adapts the container's
 * callbacks to a {@link SignalingSockets.Socket}.
 */
@ServerEndpoint(value = "/signal/{room}", encoders = SignalEncoder.class, configurator = HandshakeGate.Configurator.class)
public class SignalingEndpoint {

    private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class.getName());

    @Inject
    SignalingSockets sockets;

    @Inject
    IdleTimerScheduler idleTimers;

    @Inject
    Admission admission;

    /** This socket's place in the socket quota, taken at the handshake; given back on close, or after its peer's grace. */
    private SocketQuota.Place place;

    /** One endpoint instance serves one socket, so this is that socket's state. */
    private SignalingSockets.Socket socket;

    @OnOpen
    public void open(Session session, EndpointConfig config, @PathParam("room") String room) {
        place = admission.claim(HandshakeGate.ticket(config.getUserProperties()));
        if (place == null) {
            // Only if a container upgraded without running the gate: refuse rather than skip the origin check.
            EndpointSocket.close(session, CloseCode.POLICY_VIOLATION, "handshake not checked");
            return;
        }
        if (!RoomName.isValid(room)) {
            EndpointSocket.close(session, CloseCode.POLICY_VIOLATION, RoomName.RULE);
            return;
        }
        session.setMaxTextMessageBufferSize(SignalingSockets.MAX_FRAME_BYTES);
        // Before anything that restarts the container's idle timer, so that even the first one is cheap.
        idleTimers.adopt(session);
        // A call's socket may sit quiet for an hour; the heartbeat, not the container's idle timeout, decides when it is dead.
        session.setMaxIdleTimeout(0);
        socket = sockets.open(room, new EndpointSocket(session), HandshakeGate.identity(config.getUserProperties()), place);
    }

    /**
     * No maxMessageSize: Tyrus would enforce it by closing the socket itself, which this side could not tell from a drop;
     * the socket checks the frame limit instead ({@link SignalingSockets.Socket#text}), so the 1009 is this server's own close.
     */
    @OnMessage
    public void text(Session session, String part, boolean last) {
        if (socket != null) {
            socket.text(part, last);
        }
    }

    /** Browsers answer the heartbeat's pings by themselves; an answer is all it needs. */
    @OnMessage
    public void pong(PongMessage pong) {
        if (socket != null) {
            socket.heard();
        }
    }

    /** Binary frames are not part of the protocol; containers differ in what they do unasked, so say it. */
    @OnMessage
    public void binary(Session session, ByteBuffer frame) {
        if (socket == null) {
            EndpointSocket.close(session, CloseCode.UNSUPPORTED_DATA, "binary frames are not accepted");
        } else {
            socket.end(CloseCode.UNSUPPORTED_DATA, "binary frames are not accepted");
        }
    }

    @OnError
    public void error(Throwable failure) {
        LOG.log(Level.FINE, "signaling socket failed", failure);
    }

    @OnClose
    public void close(CloseReason reason) {
        if (socket != null) {
            // The socket gives its place back itself, once no peer of it is held for a resume.
            socket.closed(reason.getCloseCode().getCode());
        } else if (place != null) {
            place.release();
        }
    }
}
