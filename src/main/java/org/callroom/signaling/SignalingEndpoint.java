package org.callroom.signaling;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.callroom.ice.IceConfiguration;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.SignalDecoder;
import org.callroom.protocol.SignalEncoder;
import org.callroom.room.Mailbox;
import org.callroom.room.RoomName;
import org.callroom.room.RoomRegistry;

/** The signaling socket, {@code /signal/{room}}: adapts the container's callbacks to a {@link SignalingSession}. */
@ServerEndpoint(value = "/signal/{room}", decoders = SignalDecoder.class, encoders = SignalEncoder.class)
public class SignalingEndpoint {

    /** Frames above this close the sender with 1009. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    /** How far a peer may fall behind in reading before it is disconnected as too slow: messages, and characters of them. */
    static final int MAILBOX_MESSAGES = 1024;
    static final long MAILBOX_CHARS = 1L << 20;

    private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class.getName());

    @Inject
    RoomRegistry registry;

    @Inject
    IceConfiguration ice;

    @Inject
    Heartbeat heartbeat;

    @Inject
    IdleTimerScheduler idleTimers;

    /** One endpoint instance serves one socket, so these are that socket's state. */
    private SignalingSession signaling;
    private Heartbeat.Watch watch;

    @OnOpen
    public void open(Session session, @PathParam("room") String room) throws IOException {
        if (!RoomName.isValid(room)) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "room names are 1-64 of A-Z a-z 0-9 _ -"));
            return;
        }
        session.setMaxTextMessageBufferSize(MAX_FRAME_BYTES);
        // Before anything that restarts the container's idle timer, so that even the first one is cheap.
        idleTimers.adopt(session);
        // A call's socket may sit quiet for an hour; the heartbeat, not the container's idle timeout, decides when it is dead.
        session.setMaxIdleTimeout(0);
        WebSocketTransport transport = new WebSocketTransport(session);
        SignalingSession socket = new SignalingSession(room, registry, new Mailbox(transport, MAILBOX_MESSAGES, MAILBOX_CHARS), ice.servers());
        signaling = socket;
        watch = heartbeat.watch(transport, socket::joined);
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void message(ClientMessage message) {
        if (signaling != null) {
            watch.heard();
            signaling.receive(message);
        }
    }

    /** Browsers answer the heartbeat's pings by themselves; an answer is all it needs. */
    @OnMessage
    public void pong(PongMessage pong) {
        if (watch != null) {
            watch.heard();
        }
    }

    /** Binary frames are not part of the protocol; containers differ in what they do unasked, so say it. */
    @OnMessage
    public void binary(Session session, ByteBuffer frame) throws IOException {
        session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "binary frames are not accepted"));
    }

    @OnError
    public void error(Session session, Throwable failure) {
        if (failure instanceof SignalDecoder.RefusedFrame refused) {
            if (signaling != null) {
                watch.heard();
                signaling.refuse(refused.error());
            }
        } else {
            LOG.log(Level.FINE, "signaling socket failed", failure);
        }
    }

    @OnClose
    public void close() {
        if (signaling != null) {
            heartbeat.forget(watch);
            signaling.disconnected();
        }
    }
}
