package org.callroom.bench;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call page's signaling, as js/signaling.js's CallSignaling does it: a join, a {@code ping} every 10 s whose
 * {@code pong} brings a fresh resume token, and when the socket drops, new sockets on the page's schedule (0, 0.3,
 * 1.2, 2.7, 4.8 s, then every 7 s, each delay counted from the failure of the attempt before, and none past the last
 * token's arrival plus the grace period) that {@code join} with {@code resume}; a {@code resume-refused} is answered
 * with a fresh {@code join} on the same socket. Each socket is a {@link Peer} on the storm's {@link SocketLoop}, with
 * an {@link Attempt} as its protocol: it sees every frame the socket gets.
 */
final class StormPeer {

    /** js/signaling.js: RECONNECT_DELAYS_MS, RECONNECT_EVERY_MS, JOIN_TIMEOUT_MS, PING_EVERY_MS. */
    static final long[] RECONNECT_DELAYS_MS = {0, 300, 1200, 2700, 4800};
    static final long RECONNECT_EVERY_MS = 7000;
    static final long JOIN_TIMEOUT_MS = 15000;
    static final long PING_EVERY_MS = 10000;
    private static final String PING = "{\"type\":\"ping\"}";

    private enum State { NEW, JOINING, JOINED, RECONNECTING, ENDED }

    final int index;
    final String room;
    private final String name;
    private final StormTally tally;
    /** The other peer of the room. */
    StormPeer partner;

    private State state = State.NEW;
    /** The id of the first welcome, which a resume must keep. */
    volatile String originalId;
    private String token;
    private long graceNanos;
    /** System.nanoTime() after which the newest token is no longer valid: the page gives up then. */
    private long deadline;
    private int attempts;
    private Attempt current;
    private ScheduledFuture<?> pinger;
    volatile boolean pongSeen;
    volatile int graceSeconds;
    /** Whether this peer is back after the kill (resumed or joined afresh), or gave up; counted once. */
    private boolean resolved;
    private long droppedAt;
    /** Whether, after the kill, this peer saw its partner again with its old id (in its welcome or a peer-joined). */
    volatile boolean partnerSeen;
    final CompletableFuture<Void> joined = new CompletableFuture<>();

    StormPeer(int index, String room, StormTally tally) {
        this.index = index;
        this.room = room;
        this.name = "storm peer " + index;
        this.tally = tally;
    }

    /** The first join, before the storm; completes with its welcome, or fails (connect, handshake or the 15 s timeout). */
    synchronized CompletableFuture<Void> join() {
        state = State.JOINING;
        open(null);
        return joined;
    }

    /** One ping now, besides the page's every 10 s: the driver waits for every peer to hold a token from a pong. */
    synchronized void pingNow() {
        if (state == State.JOINED) {
            current.socket.send(PING);
        }
    }

    synchronized void close() {
        state = State.ENDED;
        stopPinging();
        if (current != null) {
            current.settled.set(true);
            current.socket.close();
        }
    }

    private void open(String resume) {
        current = new Attempt(resume);
        current.start();
    }

    private void startPinging() {
        stopPinging();
        pinger = tally.timer.scheduleAtFixedRate(this::ping, PING_EVERY_MS, PING_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private void stopPinging() {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
    }

    private synchronized void ping() {
        if (state == State.JOINED) {
            current.socket.send(PING);
        }
    }

    /** The page's #scheduleAttempt: the delay for the number of attempts so far, jittered or not, never past the deadline. */
    private void scheduleAttempt() {
        long delayMs = attempts < RECONNECT_DELAYS_MS.length ? RECONNECT_DELAYS_MS[attempts] : RECONNECT_EVERY_MS;
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMs);
        if (tally.jitter) {
            delayNanos = (long) (delayNanos * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        }
        delayNanos = Math.max(0, Math.min(delayNanos, deadline - System.nanoTime()));
        tally.timer.schedule(this::attempt, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** The page's #attempt. */
    private synchronized void attempt() {
        if (state != State.RECONNECTING) {
            return;
        }
        if (System.nanoTime() - deadline >= 0) {
            giveUp();
            return;
        }
        attempts++;
        tally.attempts.increment();
        if (!tally.gateOpen) {
            // No instance in service: the load balancer answers at once, and the page's socket closes (1006).
            tally.gated.increment();
            scheduleAttempt();
            return;
        }
        open(token);
    }

    private void giveUp() {
        state = State.ENDED;
        tally.gaveUp.increment();
        resolve(false);
    }

    private void resolve(boolean resumed) {
        if (!resolved && tally.storming) {
            resolved = true;
            tally.resolved(resumed);
        }
    }

    private synchronized void welcomed(Attempt attempt, JsonObject welcome, long now) {
        if (attempt != current || !attempt.settle()) {
            return;
        }
        String id = Protocol.text(welcome, "peerId");
        token = Protocol.text(welcome, "resumeToken");
        JsonValue grace = welcome.get("resumeGraceSeconds");
        graceSeconds = grace instanceof JsonNumber number ? number.intValue() : 30;
        graceNanos = TimeUnit.SECONDS.toNanos(graceSeconds);
        deadline = now + graceNanos;
        State was = state;
        state = State.JOINED;
        attempts = 0;
        startPinging();
        if (was == State.JOINING) {
            originalId = id;
            joined.complete(null);
            return;
        }
        boolean resumed = welcome.getBoolean("resumed", false);
        long latency = now - attempt.joinSentAt;
        if (resolved || !tally.storming) {
            return; // back a second time (its drop was counted): the storm counts each peer once
        }
        if (attempt.resume != null && resumed) {
            (originalId.equals(id) ? tally.resumedSameId : tally.resumedOtherId).increment();
            StormTally.record(tally.resumeJoin, latency);
        } else if (attempt.refused) {
            tally.freshJoins.increment();
            StormTally.record(tally.freshJoin, latency);
        } else {
            tally.notResumed.increment(); // a welcome to a resume without "resumed": not in the protocol
        }
        StormTally.record(tally.backAfterDrop, now - droppedAt);
        JsonArray peers = welcome.getJsonArray("peers");
        if (peers != null && partner != null && peers.stream()
                .anyMatch(p -> p instanceof JsonObject o && partner.originalId.equals(Protocol.text(o, "peerId")))) {
            partnerSeen = true;
            tally.welcomeListsPartner.increment();
        }
        resolve(resumed && originalId.equals(id));
    }

    /** A socket that had its welcome ended ({@code failure}: Peer's words for it): the page's close listener, which reconnects. */
    private synchronized void lost(Attempt attempt, String failure) {
        if (attempt != current || state != State.JOINED) {
            return;
        }
        stopPinging();
        long now = System.nanoTime();
        if (!tally.storming) {
            tally.dropsBeforeKill.increment();
        } else if (resolved) {
            tally.dropsAfterBack.increment();
        } else {
            tally.drops.increment();
            droppedAt = now;
        }
        if (terminal(attempt.socket.closeCode, failure)) {
            end();
            return;
        }
        state = State.RECONNECTING;
        attempts = 0;
        scheduleAttempt();
    }

    /** An attempt that ended before its welcome: the page's catch in #attempt, which tries again unless the close was final. */
    private synchronized void failed(Attempt attempt, String cause, boolean terminal) {
        if (attempt != current || !attempt.settle()) {
            return;
        }
        attempt.socket.close();
        tally.failure(cause);
        if (state == State.JOINING) {
            state = State.ENDED;
            joined.completeExceptionally(new IOException("peer " + index + ": " + cause));
        } else if (state != State.RECONNECTING) {
            return;
        } else if (terminal) {
            end();
        } else if (System.nanoTime() - deadline >= 0) {
            giveUp();
        } else {
            scheduleAttempt();
        }
    }

    private void end() {
        state = State.ENDED;
        tally.ended.increment();
        resolve(false);
    }

    private synchronized void pong(Attempt attempt, String fresh) {
        if (attempt == current && state == State.JOINED && fresh != null) {
            token = fresh;
            deadline = System.nanoTime() + graceNanos;
            pongSeen = true;
            tally.pongTokens.increment();
        }
    }

    private void peerJoined(String id) {
        if (!tally.storming) {
            return;
        }
        if (partner != null && id != null && id.equals(partner.originalId)) {
            partnerSeen = true;
            tally.peerJoinedPartner.increment();
        } else {
            tally.peerJoinedOther.increment();
        }
    }

    /**
     * js/signaling.js isTerminalClose: closes after which a new socket would be refused the same way. {@code failure} is
     * Peer's words for the end, "closed by server: CODE REASON" after a close frame; -1 for a code means none came.
     */
    private static boolean terminal(int code, String failure) {
        return code == 1008 || code == 1003 || code == 1009 || (code == 1013 && failure.endsWith(" too many rooms"));
    }

    /** One socket of this peer and the join it sends: sees every frame the socket gets (on the loop thread). */
    private final class Attempt implements Protocol {
        final String resume;
        final AtomicBoolean settled = new AtomicBoolean();
        Peer socket;
        long connectAt;
        volatile long joinSentAt;
        volatile boolean refused;
        private ScheduledFuture<?> timeout;

        Attempt(String resume) {
            this.resume = resume;
        }

        void start() {
            socket = new Peer(index, room, this, relay -> { }, failure -> lost(this, failure));
            connectAt = System.nanoTime();
            timeout = tally.timer.schedule(() -> failed(this, "timeout", false), JOIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            socket.connect(tally.loop, tally.base).whenComplete((nanos, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
                    failed(this, cause(cause), terminal(socket.closeCode, String.valueOf(cause.getMessage())));
                }
            });
        }

        /** The first to settle the attempt (welcome, failure or timeout) wins; the others are late and ignored. */
        boolean settle() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            timeout.cancel(false);
            return true;
        }

        private String cause(Throwable failure) {
            String message = String.valueOf(failure.getMessage());
            if (failure instanceof ConnectException) {
                return "refused";
            }
            if (message.startsWith("handshake refused: ")) {
                String[] status = message.substring("handshake refused: ".length()).split(" ");
                return "http-" + (status.length > 1 ? status[1] : "?");
            }
            if (socket.closeCode >= 0) {
                return "closed-" + socket.closeCode;
            }
            if (message.startsWith("connection closed")) {
                return "closed";
            }
            return failure.getClass().getSimpleName() + ": " + message.replaceAll("[\\s,:=]+", "-");
        }

        @Override
        public String name() {
            return "callroom";
        }

        @Override
        public URI uri(URI base, String room, String id) {
            return base.resolve("signal/" + room);
        }

        @Override
        public String hello(String ignored) {
            long now = System.nanoTime();
            if (tally.storming) {
                StormTally.record(tally.handshake, now - connectAt);
            }
            joinSentAt = now;
            return join(resume);
        }

        private String join(String resumeToken) {
            return "{\"type\":\"join\",\"name\":\"" + name + "\"" + (resumeToken == null ? "" : ",\"resume\":\"" + resumeToken + "\"") + "}";
        }

        @Override
        public String relay(String type, String to, String payload) {
            throw new UnsupportedOperationException("the storm relays nothing");
        }

        @Override
        public String keepAlive() {
            return null;
        }

        @Override
        public Incoming parse(String frame) {
            JsonObject message = Protocol.json(frame);
            switch (String.valueOf(Protocol.text(message, "type"))) {
                case "welcome" -> {
                    welcomed(this, message, System.nanoTime());
                    return new Incoming(Incoming.Kind.READY, Protocol.text(message, "peerId"), null, null);
                }
                case "error" -> {
                    String code = Protocol.text(message, "code");
                    if ("resume-refused".equals(code) && resume != null && !refused) {
                        refused = true;
                        tally.refused.increment();
                        joinSentAt = System.nanoTime();
                        socket.send(join(null)); // the page's #joinAgain: a fresh join on the same socket
                    } else {
                        tally.error(code);
                    }
                }
                case "pong" -> pong(this, Protocol.text(message, "resumeToken"));
                case "peer-joined" -> peerJoined(Protocol.text(message, "peerId"));
                case "peer-left" -> {
                    if (tally.storming) {
                        tally.peerLeft.increment();
                    }
                }
                default -> { }
            }
            return Incoming.OTHER;
        }
    }
}
