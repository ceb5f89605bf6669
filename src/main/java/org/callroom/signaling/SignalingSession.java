package org.callroom.signaling;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.auth.JoinClaims;
import org.callroom.auth.JoinVerdict;
import org.callroom.auth.ResumeClaims;
import org.callroom.auth.ResumeTokens;
import org.callroom.auth.ResumeVerdict;
import org.callroom.ice.IceConfiguration;
import org.callroom.metrics.CallMetrics;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ErrorCode;
import org.callroom.protocol.ErrorMessage;
import org.callroom.protocol.IceServer;
import org.callroom.protocol.Join;
import org.callroom.protocol.Leave;
import org.callroom.protocol.MessageCodec;
import org.callroom.protocol.Mute;
import org.callroom.protocol.PeerInfo;
import org.callroom.protocol.Ping;
import org.callroom.protocol.Pong;
import org.callroom.protocol.Relayed;
import org.callroom.protocol.Remove;
import org.callroom.protocol.SignalMessage;
import org.callroom.protocol.Welcome;
import org.callroom.room.JoinOutcome;
import org.callroom.room.JoinPass;
import org.callroom.room.Peer;
import org.callroom.room.Recipient;
import org.callroom.room.RoomRegistry;

/**
 * One signaling socket's side of the protocol: not joined, then joined (or resumed) as one peer of the room named in
 * its URL, then gone, leaving its place to a resume for the grace period if it dropped. The container delivers a
 * socket's messages one at a time, but its close may come from another thread (or from inside a send), hence the
 * volatile fields.
 */
public final class SignalingSession {

    private static final Logger LOG = Logger.getLogger(SignalingSession.class.getName());
    /** The role (from a join token) whose holder may remove and mute others. */
    private static final String MODERATOR = "moderator";

    private final String room;
    private final RoomRegistry registry;
    private final Recipient recipient;
    private final IceConfiguration ice;
    private final JoinAuthorizer authorizer;
    private final ResumeTokens resumeTokens;
    private final Consumer<Runnable> afterGrace;
    private final Predicate<String> takeOver;
    private final CallMetrics metrics;
    private volatile Peer peer;
    private volatile boolean disconnected;
    /** Set once a join was refused as unauthorized: whatever else arrives before the close takes effect is ignored. */
    private volatile boolean refused;
    /** When the last join arrived (System.nanoTime()), for the join-latency histogram; frames come one at a time. */
    private long joinArrivedAt;

    /** {@code afterGrace} runs a task once the resume grace period has passed; no socket is ever taken over. */
    public SignalingSession(String room, RoomRegistry registry, Recipient recipient, IceConfiguration ice, JoinAuthorizer authorizer,
            ResumeTokens resumeTokens, Consumer<Runnable> afterGrace) {
        this(room, registry, recipient, ice, authorizer, resumeTokens, afterGrace, peerId -> false);
    }

    /**
     * {@code takeOver} ends the socket still holding a peer that a resume asks for, if that socket has been silent long
     * enough to be dead (a half-open connection), and says whether it did; its place is then held for the resume.
     */
    public SignalingSession(String room, RoomRegistry registry, Recipient recipient, IceConfiguration ice, JoinAuthorizer authorizer,
            ResumeTokens resumeTokens, Consumer<Runnable> afterGrace, Predicate<String> takeOver) {
        this(room, registry, recipient, ice, authorizer, resumeTokens, afterGrace, takeOver, CallMetrics.NONE);
    }

    /** As above, counting into {@code metrics}. */
    public SignalingSession(String room, RoomRegistry registry, Recipient recipient, IceConfiguration ice, JoinAuthorizer authorizer,
            ResumeTokens resumeTokens, Consumer<Runnable> afterGrace, Predicate<String> takeOver, CallMetrics metrics) {
        this.metrics = metrics;
        this.takeOver = takeOver;
        this.room = room;
        this.registry = registry;
        this.recipient = recipient;
        this.ice = ice;
        this.authorizer = authorizer;
        this.resumeTokens = resumeTokens;
        this.afterGrace = afterGrace;
    }

    public void receive(ClientMessage message) {
        if (refused) {
            return;
        }
        Peer self = peer;
        if (message instanceof Ping) {
            recipient.send(new Pong(self == null ? null : resumeToken(self)));
        } else if (message instanceof Join join) {
            join(join);
        } else if (self == null) {
            refuse(ErrorMessage.of(ErrorCode.NOT_JOINED, "send join first"));
        } else if (message instanceof Remove remove) {
            remove(self, remove);
        } else if (message instanceof Mute mute && !isModerator(self)) {
            refuse(ErrorMessage.of(ErrorCode.FORBIDDEN, "only a moderator may mute others"));
        } else if (message instanceof Relayed relayed) {
            relay(self, relayed);
        } else if (message instanceof Leave) {
            LOG.info(() -> "event=left room=" + room + " peer=" + self.id());
            peer = null;
            registry.leaveForGood(room, self);
            recipient.close(CloseCode.NORMAL, "left");
        }
    }

    private static boolean isModerator(Peer self) {
        return MODERATOR.equals(self.role());
    }

    private void remove(Peer self, Remove remove) {
        if (!isModerator(self)) {
            refuse(ErrorMessage.of(ErrorCode.FORBIDDEN, "only a moderator may remove others"));
        } else if (remove.to().equals(self.id())) {
            refuse(ErrorMessage.of(ErrorCode.BAD_MESSAGE, "to leave the call, send leave"));
        } else if (!registry.remove(room, remove.to())) {
            refuse(ErrorMessage.of(ErrorCode.UNKNOWN_PEER, "no such peer in this room"));
        } else {
            LOG.info(() -> "event=removed room=" + room + " peer=" + remove.to() + " by=moderator:" + self.id());
        }
    }

    public boolean joined() {
        return peer != null;
    }

    /** The id this socket holds in its room, or null. */
    public String peerId() {
        Peer self = peer;
        return self == null ? null : self.id();
    }

    /** Tells the sender why its frame was refused; nothing reaches anyone else. */
    public void refuse(ErrorMessage error) {
        metrics.refused(error.code());
        recipient.send(error);
    }

    /**
     * The socket closed. If this side closed it (leave, a refusal, a reader too far behind) the room learns at once that
     * the peer left; if it dropped, the peer keeps its place for the grace period, and leaves only if no socket resumed it.
     */
    public void disconnected() {
        disconnected = true;
        Peer leaving = peer;
        peer = null;
        if (leaving == null) {
            return;
        }
        LOG.info(() -> "event=disconnected room=" + room + " peer=" + leaving.id());
        if (recipient.hold()) {
            afterGrace.accept(() -> registry.leave(room, leaving));
        } else {
            registry.leave(room, leaving);
        }
    }

    private void join(Join join) {
        joinArrivedAt = System.nanoTime();
        if (peer != null) {
            refuse(ErrorMessage.of(ErrorCode.BAD_MESSAGE, "already joined"));
            return;
        }
        if (join.resume() != null) {
            resume(join);
            return;
        }
        // Checked before the registry is touched, so a refused join reaches nobody in the room.
        JoinVerdict verdict = authorizer.authorize(room, join);
        if (verdict instanceof JoinVerdict.Refused refusal) {
            refused = true;
            LOG.info(() -> "event=refused room=" + room + " reason=unauthorized");
            refuse(ErrorMessage.of(ErrorCode.UNAUTHORIZED, refusal.reason()));
            recipient.close(CloseCode.POLICY_VIOLATION, "unauthorized");
            return;
        }
        JoinVerdict.Admitted admitted = (JoinVerdict.Admitted) verdict;
        JoinClaims claims = admitted.claims();
        Peer newcomer = new Peer(Peer.newId(), claims.name(), claims.userId(), claims.role(), recipient,
                new JoinPass(admitted.tokenId(), admitted.acceptedUntil()));
        enter(newcomer, join, registry.join(room, newcomer, welcome(newcomer, join, false)));
    }

    /** A resume token stands in for the join token: the server issued it only after a join it had admitted. */
    private void resume(Join join) {
        ResumeVerdict verdict = resumeTokens.verify(join.resume(), room);
        if (verdict instanceof ResumeVerdict.Refused refusal) {
            refuse(ErrorMessage.of(ErrorCode.RESUME_REFUSED, refusal.reason()));
            return;
        }
        ResumeClaims resumed = ((ResumeVerdict.Valid) verdict).claims();
        JoinClaims claims = resumed.claims();
        Peer returning = new Peer(resumed.peerId(), claims.name(), claims.userId(), claims.role(), recipient,
                new JoinPass(resumed.joinTokenId(), resumed.joinTokenUntil()));
        JoinOutcome outcome = registry.resume(room, returning, welcome(returning, join, true));
        if (outcome == JoinOutcome.STILL_CONNECTED && takeOver.test(returning.id())) {
            outcome = registry.resume(room, returning, welcome(returning, join, true));
        }
        enter(returning, join, outcome);
    }

    private Function<List<PeerInfo>, Welcome> welcome(Peer self, Join join,
            boolean resumed) {
        // Signed and built before the room is held: nothing slow happens inside the registry's lock.
        String token = resumeToken(self);
        List<IceServer> iceServers = ice.serversFor(self.id());
        String policy = ice.transportPolicy();
        // The newcomer's own name is echoed only when the token's replaced what it sent.
        String renamed = self.name().equals(join.name()) ? null : self.name();
        int grace = (int) resumeTokens.grace().toSeconds();
        int life = (int) resumeTokens.life().toSeconds();
        return others -> new Welcome(self.id(), room, others, iceServers, renamed, self.userId(), self.role(), token, grace,
                resumed ? Boolean.TRUE : null, policy, life);
    }

    private void enter(Peer self, Join join, JoinOutcome outcome) {
        switch (outcome) {
            case JOINED, RESUMED -> {
                peer = self;
                metrics.welcomed(System.nanoTime() - joinArrivedAt, join.resume() != null);
                LOG.info(() -> "event=joined room=" + room + " peer=" + self.id() + (join.resume() != null ? " resumed=true" : "")
                        + (self.role() != null ? " role=" + self.role() : ""));
                // The socket may have closed while joining (even from inside the join, when the welcome overflowed
                // its mailbox): disconnected() then saw no peer, so do its work here. Both may; leave is idempotent.
                if (disconnected) {
                    disconnected();
                }
            }
            case ROOM_FULL -> {
                LOG.info(() -> "event=refused room=" + room + " reason=room-full");
                refuse(ErrorMessage.of(ErrorCode.ROOM_FULL, "room '" + room + "' is full"));
                recipient.close(CloseCode.POLICY_VIOLATION, "room full");
            }
            case TOO_MANY_ROOMS -> {
                LOG.info(() -> "event=refused room=" + room + " reason=too-many-rooms");
                refuse(ErrorMessage.of(ErrorCode.SERVER_BUSY, "the server holds as many rooms as it may; try again later"));
                recipient.close(CloseCode.TRY_AGAIN_LATER, "too many rooms");
            }
            case STILL_CONNECTED -> refuse(ErrorMessage.of(ErrorCode.RESUME_REFUSED, "that peer is still connected on another socket"));
            case PLACE_LOST -> refuse(ErrorMessage.of(ErrorCode.RESUME_REFUSED, "too much was waiting for you; join afresh"));
            case REMOVED -> refuse(ErrorMessage.of(ErrorCode.RESUME_REFUSED, "you were removed from the call"));
            case LEFT -> refuse(ErrorMessage.of(ErrorCode.RESUME_REFUSED, "you left the call; join afresh"));
            case BANNED -> {
                refused = true;
                LOG.info(() -> "event=refused room=" + room + " reason=banned");
                refuse(ErrorMessage.of(ErrorCode.BANNED, "you were removed from room '" + room + "' and cannot join it again for now"));
                recipient.close(CloseCode.POLICY_VIOLATION, "banned");
            }
            case DEPARTED -> refuse(ErrorMessage.of(ErrorCode.RESUME_REFUSED, "your place in the call has ended; join afresh"));
        }
    }

    private String resumeToken(Peer self) {
        return resumeTokens.issue(room, self.id(), new JoinClaims(self.name(), self.userId(), self.role()), self.pass().tokenId(),
                self.pass().acceptedUntil());
    }

    private void relay(Peer sender, Relayed message) {
        if (message.to().equals(sender.id()) || !registry.relay(room, message.from(sender.id()))) {
            refuse(ErrorMessage.of(ErrorCode.UNKNOWN_PEER, "no peer '" + ErrorMessage.excerpt(message.to()) + "' in this room"));
        } else {
            metrics.relayed(MessageCodec.typeOf((SignalMessage) message));
        }
    }
}
