package org.callroom.signaling;

import java.util.List;
import java.util.function.Function;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.auth.JoinClaims;
import org.callroom.auth.JoinVerdict;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ErrorCode;
import org.callroom.protocol.ErrorMessage;
import org.callroom.protocol.IceServer;
import org.callroom.protocol.Join;
import org.callroom.protocol.Leave;
import org.callroom.protocol.Relayed;
import org.callroom.protocol.Welcome;
import org.callroom.room.JoinOutcome;
import org.callroom.room.Peer;
import org.callroom.room.Recipient;
import org.callroom.room.RoomRegistry;

/**
 * One signaling socket's side of the protocol: not joined, then joined as one peer of the room
 * named in its URL, then gone. The container delivers a socket's messages one at a time, but its
 * close may come from another thread (or from inside a send), hence the volatile fields.
 */
public final class SignalingSession {

    private final String room;
    private final RoomRegistry registry;
    private final Recipient recipient;
    private final Function<String, List<IceServer>> iceServers;
    private final String iceTransportPolicy;
    private final JoinAuthorizer authorizer;
    private volatile Peer peer;
    private volatile boolean disconnected;
    /** Set once a join was refused as unauthorized: whatever else arrives before the close takes effect is ignored. */
    private volatile boolean refused;

    public SignalingSession(String room, RoomRegistry registry, Recipient recipient, List<IceServer> iceServers,
            JoinAuthorizer authorizer) {
        this(room, registry, recipient, peerId -> iceServers, null, authorizer);
    }

    /** With ICE servers issued per peer id (TURN credentials) and the transport policy every welcome names. */
    public SignalingSession(String room, RoomRegistry registry, Recipient recipient, Function<String, List<IceServer>> iceServers,
            String iceTransportPolicy, JoinAuthorizer authorizer) {
        this.room = room;
        this.registry = registry;
        this.recipient = recipient;
        this.iceServers = iceServers;
        this.iceTransportPolicy = iceTransportPolicy;
        this.authorizer = authorizer;
    }

    public void receive(ClientMessage message) {
        if (refused) {
            return;
        }
        Peer self = peer;
        if (message instanceof Join join) {
            join(join);
        } else if (self == null) {
            refuse(ErrorMessage.of(ErrorCode.NOT_JOINED, "send join first"));
        } else if (message instanceof Relayed relayed) {
            relay(self, relayed);
        } else if (message instanceof Leave) {
            disconnected();
            recipient.close(CloseCode.NORMAL, "left");
        }
    }

    public boolean joined() {
        return peer != null;
    }

    /** Tells the sender why its frame was refused; nothing reaches anyone else. */
    public void refuse(ErrorMessage error) {
        recipient.send(error);
    }

    /** The socket closed, cleanly or not: the room learns the peer left. */
    public void disconnected() {
        disconnected = true;
        Peer leaving = peer;
        peer = null;
        if (leaving != null) {
            registry.leave(room, leaving.id());
        }
    }

    private void join(Join join) {
        if (peer != null) {
            refuse(ErrorMessage.of(ErrorCode.BAD_MESSAGE, "already joined"));
            return;
        }
        // Checked before the registry is touched, so a refused join reaches nobody in the room.
        JoinVerdict verdict = authorizer.authorize(room, join);
        if (verdict instanceof JoinVerdict.Refused refusal) {
            refused = true;
            refuse(ErrorMessage.of(ErrorCode.UNAUTHORIZED, refusal.reason()));
            recipient.close(CloseCode.POLICY_VIOLATION, "unauthorized");
            return;
        }
        JoinClaims claims = ((JoinVerdict.Admitted) verdict).claims();
        Peer newcomer = new Peer(Peer.newId(), claims.name(), claims.userId(), claims.role(), recipient);
        // The newcomer's own name is echoed only when the token's replaced what it sent.
        String renamed = claims.name().equals(join.name()) ? null : claims.name();
        JoinOutcome outcome = registry.join(room, newcomer,
                others -> new Welcome(newcomer.id(), room, others, iceServers.apply(newcomer.id()), renamed, claims.userId(),
                        claims.role(), null, null, null, iceTransportPolicy));
        if (outcome == JoinOutcome.JOINED) {
            peer = newcomer;
            // The socket may have closed while joining (even from inside the join, when the welcome overflowed
            // its mailbox): disconnected() then saw no peer, so leave here. Both may leave; leave is idempotent.
            if (disconnected) {
                disconnected();
            }
        } else if (outcome == JoinOutcome.ROOM_FULL) {
            refuse(ErrorMessage.of(ErrorCode.ROOM_FULL, "room '" + room + "' is full"));
            recipient.close(CloseCode.POLICY_VIOLATION, "room full");
        } else {
            refuse(ErrorMessage.of(ErrorCode.SERVER_BUSY, "the server holds as many rooms as it may; try again later"));
            recipient.close(CloseCode.TRY_AGAIN_LATER, "too many rooms");
        }
    }

    private void relay(Peer sender, Relayed message) {
        if (message.to().equals(sender.id()) || !registry.relay(room, message.from(sender.id()))) {
            refuse(ErrorMessage.of(ErrorCode.UNKNOWN_PEER, "no peer '" + ErrorMessage.excerpt(message.to()) + "' in this room"));
        }
    }
}
