package org.callroom.signaling;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.callroom.admission.SocketQuota;
import org.callroom.auth.AuthConfiguration;
import org.callroom.auth.ContainerIdentity;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.auth.ResumeTokens;
import org.callroom.ice.IceConfiguration;
import org.callroom.metrics.CallMetrics;
import org.callroom.metrics.PrometheusMetrics;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ErrorCode;
import org.callroom.protocol.ErrorMessage;
import org.callroom.room.Mailbox;
import org.callroom.room.PeerSocket;
import org.callroom.room.Recipient;
import org.callroom.room.RoomRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every signaling socket is made of: a {@link SignalingSession} writing through a bounded {@link Mailbox}, watched
 * by the {@link Heartbeat}, behind its own {@link RateLimit}, resumable with {@link ResumeTokens}.
 */
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

    @Inject
    ResumeTokens resumeTokens;

    /** Runs the end of each dropped peer's grace period. */
    @Resource
    ManagedScheduledExecutorService scheduler;

    /**
     * How long a socket holding a peer must have been silent before a resume of that peer takes it to be dead: longer
     * than the call page's 10 s between pings, shorter than the 15 s after which the page gives a socket up.
     */
    static final long TAKEOVER_SILENCE_NANOS = TimeUnit.SECONDS.toNanos(12);

    /** The open socket holding each joined peer, so that a resume can end a half-open one; entries leave on close. */
    private final ConcurrentHashMap<String, Socket> holders = new ConcurrentHashMap<>();

    @Inject
    PrometheusMetrics metrics;

    /** Sustained frames per second a socket may send; the default leaves a call's own traffic far below it. */
    @Inject
    @ConfigProperty(name = "callroom.limits.frames-per-second", defaultValue = "50")
    int framesPerSecond;

    /** Frames a socket may send at once: a 4-way mesh renegotiating at once sends about 40 (SDP and trickled candidates). */
    @Inject
    @ConfigProperty(name = "callroom.limits.frame-burst", defaultValue = "200")
    int frameBurst;

    /** How long a socket may keep sending over its rate before it is closed. */
    @Inject
    @ConfigProperty(name = "callroom.limits.flood-seconds", defaultValue = "5")
    int floodSeconds;

    /** Checked at deployment, so a bad limit fails the deployment instead of the first socket. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
        metrics.gauge("callroom.sockets", "Open signaling sockets", heartbeat, Heartbeat::watched);
        requireRange("callroom.limits.frames-per-second", framesPerSecond, 1, 1_000_000);
        requireRange("callroom.limits.frame-burst", frameBurst, 1, 1_000_000);
        requireRange("callroom.limits.flood-seconds", floodSeconds, 1, 3600);
    }

    private static void requireRange(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " must be " + min + "-" + max + ", was " + value);
        }
    }

    /**
     * A socket for a valid room name; the endpoint calls it for each frame and once when the socket closes. It gives
     * its quota place back once it is closed and leaves no peer held for a resume.
     */
    public Socket open(String room, PeerSocket peerSocket, ContainerIdentity identity, SocketQuota.Place place) {
        return open(room, peerSocket, auth.authorizerFor(identity), place::release, this::afterGrace, metrics.calls());
    }

    /** As above, with what the container provides given: {@code giveBack} returns the place, {@code grace} runs grace ends. */
    Socket open(String room, PeerSocket peerSocket, JoinAuthorizer authorizer, Runnable giveBack, Consumer<Runnable> grace, CallMetrics calls) {
        Mailbox mailbox = new Mailbox(peerSocket, MAILBOX_MESSAGES, MAILBOX_CHARS);
        KeptPlace place = new KeptPlace(mailbox, giveBack);
        Consumer<Runnable> afterGrace = task -> grace.accept(() -> {
            try {
                task.run();
            } finally {
                place.graceOver();
            }
        });
        SignalingSession session = new SignalingSession(room, registry, place, ice, authorizer, resumeTokens, afterGrace, this::takeOver,
                calls);
        RateLimit limit = new RateLimit(framesPerSecond, frameBurst, TimeUnit.SECONDS.toNanos(floodSeconds), System.nanoTime());
        return new Socket(session, place, limit, System::nanoTime, heartbeat.watch(peerSocket, session::joined), heartbeat, holders, calls);
    }

    private void afterGrace(Runnable task) {
        try {
            scheduler.schedule(task, resumeTokens.grace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // The application is stopping and its rooms with it; the sockets' pages will resume on its successor.
        }
    }

    private boolean takeOver(String peerId) {
        Socket holder = holders.get(peerId);
        return holder != null && holder.endIfSilent(TAKEOVER_SILENCE_NANOS);
    }

    /** One open socket. The container delivers its frames one at a time; {@link #closed(int)} may come from another thread. */
    public static final class Socket {
        private final SignalingSession session;
        private final RateLimit limit;
        private final LongSupplier clock;
        private final Heartbeat.Watch watch;
        private final Heartbeat heartbeat;
        private final Map<String, Socket> holders;
        private final CallMetrics metrics;
        private final KeptPlace place;
        /** The peer id this socket was entered under in {@code holders}; only the container's frame thread writes it. */
        private volatile String enteredAs;
        /**
         * Frames are put together here rather than by the container: Undertow (WildFly) ignores maxMessageSize and would
         * buffer a message sent in fragments without bound. Only the container's frame thread uses these.
         */
        private final FragmentedText fragments = new FragmentedText(MAX_FRAME_BYTES);
        private final SignalDecoder decoder = new SignalDecoder();
        /**
         * Set when a resume took this socket's peer over: its 1008 is no refusal. Tyrus reports that close from inside
         * Session.close(), before the resume has taken the place, so the close handler must not end the peer.
         */
        private volatile boolean takenOver;

        Socket(SignalingSession session, Recipient sender, RateLimit limit, LongSupplier clock, Heartbeat.Watch watch, Heartbeat heartbeat) {
            this(session, sender, limit, clock, watch, heartbeat, new ConcurrentHashMap<>(), CallMetrics.NONE);
        }

        Socket(SignalingSession session, Recipient sender, RateLimit limit, LongSupplier clock, Heartbeat.Watch watch, Heartbeat heartbeat,
                Map<String, Socket> holders, CallMetrics metrics) {
            this(session, new KeptPlace(sender, () -> {
            }), limit, clock, watch, heartbeat, holders, metrics);
        }

        /** {@code place} is the session's recipient, keeping this socket's quota place. */
        Socket(SignalingSession session, KeptPlace place, RateLimit limit, LongSupplier clock, Heartbeat.Watch watch, Heartbeat heartbeat,
                Map<String, Socket> holders, CallMetrics metrics) {
            this.place = place;
            this.metrics = metrics;
            this.session = session;
            this.limit = limit;
            this.clock = clock;
            this.watch = watch;
            this.heartbeat = heartbeat;
            this.holders = holders;
        }

        /**
         * One text frame from the container: a whole message or a part of one. Each part is metered on its own, so a
         * message sent as a thousand continuation frames costs what a thousand messages do; a part over the rate drops
         * the message it belongs to.
         */
        public void text(String part, boolean last) {
            if (!admit()) {
                fragments.drop(last);
                return;
            }
            try {
                String text = fragments.add(part, last);
                if (text != null) {
                    receive(decoder.decode(text));
                }
            } catch (SignalDecoder.RefusedFrame refused) {
                refuse(refused.error());
            } catch (SignalDecoder.TooBig tooBig) {
                end(CloseCode.MESSAGE_TOO_BIG, "message too big");
            }
        }

        /**
         * Counts a frame against the rate before anything reads it, so a frame over the rate costs no decoding: one
         * over it is answered and dropped, and a persistent flooder closed. Every frame is a sign of life.
         *
         * @return whether the frame may be decoded and passed on
         */
        public boolean admit() {
            watch.heard();
            RateLimit.Verdict verdict = limit.admit(clock.getAsLong());
            if (verdict == RateLimit.Verdict.ADMIT) {
                return true;
            }
            metrics.rateLimited();
            session.refuse(ErrorMessage.of(ErrorCode.RATE_LIMITED, "too many messages: frame dropped"));
            if (verdict == RateLimit.Verdict.CLOSE) {
                place.close(CloseCode.POLICY_VIOLATION, "rate limit exceeded");
            }
            return false;
        }

        /** An admitted message; the place stays taken while it is handled, since a close meanwhile may leave a peer held. */
        public void receive(ClientMessage message) {
            if (!place.handling()) {
                return;
            }
            try {
                session.receive(message);
                String id = session.peerId();
                if (id != null && !id.equals(enteredAs)) {
                    holders.put(id, this);
                    enteredAs = id;
                }
            } finally {
                place.handled();
            }
        }

        /** Ends this socket as dead if nothing has come from it for {@code silence} nanoseconds, keeping its place. */
        boolean endIfSilent(long silence) {
            if (watch.silence(clock.getAsLong()) < silence) {
                return false;
            }
            takenOver = true;
            place.hold();
            forget();
            watch.close(CloseCode.POLICY_VIOLATION, "resumed on another socket");
            return true;
        }

        /** An admitted frame the codec refused: the sender is told why. */
        public void refuse(ErrorMessage error) {
            session.refuse(error);
        }

        /** The server ends the socket for breaking the protocol: its peer leaves at once, with no grace period to resume in. */
        public void end(CloseCode code, String reason) {
            place.close(code, reason);
        }

        /** Any other sign of life, such as a pong. */
        public void heard() {
            watch.heard();
        }

        /**
         * The container reports the socket closed, with the code it says the close carried. A refusal (1003, 1008, 1009,
         * 1013) ends the peer at once even when the container made it on its own: only a drop or a failed connection
         * (1001, 1006, 1011, Tyrus's own 1011 for a frame over its buffer included) keeps the peer's place for a resume.
         */
        public void closed(int reportedCode) {
            forget();
            if (CloseCode.isRefusal(reportedCode) && !takenOver) {
                place.close(CloseCode.POLICY_VIOLATION, "closed");
            }
            session.disconnected();
            place.socketClosed();
        }

        private void forget() {
            heartbeat.forget(watch);
            String id = enteredAs;
            if (id != null) {
                holders.remove(id, this);
            }
        }
    }
}
