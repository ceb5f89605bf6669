package org.callroom.signaling;

import java.util.List;
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
    private final List<IceServer> iceServers;
    private volatile Peer peer;
    private volatile boolean disconnected;

    public SignalingSession(String room, RoomRegistry registry, Recipient recipient, List<IceServer> iceServers) {
        this.room = room;
        this.registry = registry;
        this.recipient = recipient;
        this.iceServers = List.copyOf(iceServers);
    }

    public void receive(ClientMessage message) {
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
        Peer newcomer = new Peer(Peer.newId(), join.name(), recipient);
        JoinOutcome outcome = registry.join(room, newcomer, others -> new Welcome(newcomer.id(), room, others, iceServers));
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
