package org.callroom.signaling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.callroom.auth.AuthConfiguration;
import org.callroom.ice.IceConfiguration;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.ErrorMessage;
import org.callroom.room.Mailbox;
import org.callroom.room.PeerSocket;
import org.callroom.room.RoomRegistry;

/** What every signaling socket is made of: a {@link SignalingSession} writing through a bounded {@link Mailbox}, watched by the {@link Heartbeat}. */
@ApplicationScoped
public class SignalingSockets {

    /** Frames (and reassembled fragmented messages) above this close the sender with 1009. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    /** How far a peer may fall behind in reading before it is disconnected as too slow: messages, and characters of them. */
    static final int MAILBOX_MESSAGES = 1024;
    static final long MAILBOX_CHARS = 1L << 20;

    @Inject
    RoomRegistry registry;

    @Inject
    IceConfiguration ice;

    @Inject
    Heartbeat heartbeat;

    @Inject
    AuthConfiguration auth;

    /** A socket for a valid room name; the endpoint calls it for each frame and once when the socket closes. */
    public Socket open(String room, PeerSocket peerSocket) {
        SignalingSession session = new SignalingSession(room, registry, new Mailbox(peerSocket, MAILBOX_MESSAGES, MAILBOX_CHARS), ice.servers(),
                auth.authorizer());
        return new Socket(session, heartbeat.watch(peerSocket, session::joined), heartbeat);
    }

    /** One open socket. The container delivers its frames one at a time; {@link #closed()} may come from another thread. */
    public static final class Socket {
        private final SignalingSession session;
        private final Heartbeat.Watch watch;
        private final Heartbeat heartbeat;

        Socket(SignalingSession session, Heartbeat.Watch watch, Heartbeat heartbeat) {
            this.session = session;
            this.watch = watch;
            this.heartbeat = heartbeat;
        }

        public void receive(ClientMessage message) {
            watch.heard();
            session.receive(message);
        }

        /** A frame the codec refused: the sender is told why, and it still counts as a sign of life. */
        public void refuse(ErrorMessage error) {
            watch.heard();
            session.refuse(error);
        }

        /** Any other sign of life, such as a pong. */
        public void heard() {
            watch.heard();
        }

        public void closed() {
            heartbeat.forget(watch);
            session.disconnected();
        }
    }
}
