package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.callroom.admission.SocketQuota;
import org.callroom.admission.SocketQuota.Verdict;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.metrics.CallMetrics;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.Join;
import org.callroom.protocol.Leave;
import org.callroom.protocol.ServerMessage;
import org.callroom.protocol.Welcome;
import org.callroom.room.InMemoryRoomRegistry;
import org.callroom.room.RecordingSocket;
import org.junit.jupiter.api.Test;

/**
 * A socket's quota place, as {@link SignalingSockets#open} wires it: kept while the socket is open and while the peer it
 * dropped is held for a resume, so that one address cannot hold more rooms than it has places; passed on, not doubled,
 * when the peer is resumed.
 */
class SocketPlaceTest {

    private static final String ADDRESS = "203.0.113.7";

    private final InMemoryRoomRegistry registry = new InMemoryRoomRegistry(4);
    private final SocketQuota quota = new SocketQuota(2, 100);
    private final Sessions.Grace grace = new Sessions.Grace();
    private final SignalingSockets sockets = new SignalingSockets();

    SocketPlaceTest() {
        sockets.registry = registry;
        sockets.ice = Sessions.ice();
        sockets.heartbeat = new Heartbeat(30);
        sockets.resumeTokens = Sessions.resumeTokens(Clock.systemUTC());
        sockets.framesPerSecond = 50;
        sockets.frameBurst = 200;
        sockets.floodSeconds = 5;
    }

    /** A socket's wire, keeping what was written to it. */
    private static class Wire extends RecordingSocket {
        final List<ServerMessage> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(ServerMessage message, Consumer<Throwable> completion) {
            sent.add(message);
            completion.accept(null);
        }

        Welcome welcome() {
            return sent.stream().filter(Welcome.class::isInstance).map(Welcome.class::cast).findFirst().orElseThrow();
        }
    }

    /** What containers report for a connection that ended without a close frame. */
    private static final int DROPPED = 1006;

    /** A socket opened from {@link #ADDRESS} as the handshake gate and the endpoint open one, holding a place of its own. */
    private SignalingSockets.Socket open(String room, Wire wire) {
        assertEquals(Verdict.ADMITTED, quota.acquire(ADDRESS));
        SocketQuota.Place place = quota.placeFor(ADDRESS);
        return sockets.open(room, wire, JoinAuthorizer.OPEN, place::release, grace, CallMetrics.NONE);
    }

    @Test
    void aDroppedPeerKeepsItsAddresssPlaceUntilItsGraceEnds() {
        Wire wire = new Wire();
        SignalingSockets.Socket dropped = open("held", wire);
        dropped.receive(new Join("Dropped"));
        dropped.closed(DROPPED);
        assertEquals(1, quota.open(ADDRESS), "the held peer and its room count against the address that made them");
        open("other", new Wire()).receive(new Join("Second"));
        assertEquals(Verdict.ADDRESS_FULL, quota.acquire(ADDRESS), "two places: one open socket, one held peer");

        grace.end();
        assertEquals(List.of("other"), registry.rooms().stream().map(room -> room.name()).toList());
        assertEquals(1, quota.open(ADDRESS), "the grace period is over: the held peer's place is back");
    }

    @Test
    void aSocketThatLeavesNoPeerHeldGivesItsPlaceBackAtOnce() {
        open("never-joined", new Wire()).closed(DROPPED);
        SignalingSockets.Socket leaving = open("left", new Wire());
        leaving.receive(new Join("Leaving"));
        leaving.receive(new Leave());
        leaving.closed(CloseCode.NORMAL.code());
        assertEquals(0, quota.open(ADDRESS));
        assertEquals(0, grace.waiting());
    }

    @Test
    void aResumeTakesThePlaceOverInsteadOfCountingTwice() {
        Wire first = new Wire();
        SignalingSockets.Socket dropped = open("resumed", first);
        dropped.receive(new Join("Back"));
        dropped.closed(DROPPED);

        Wire second = new Wire();
        SignalingSockets.Socket back = open("resumed", second);
        back.receive(new Join("Back", null, first.welcome().resumeToken()));
        assertEquals(Boolean.TRUE, second.welcome().resumed());
        assertEquals(1, quota.open(ADDRESS), "one peer, one place: the resumed socket's");
        grace.end();
        assertEquals(1, quota.open(ADDRESS), "the end of the old grace period gives nothing back twice");
        back.closed(DROPPED);
        grace.end();
        assertEquals(0, quota.open(ADDRESS));
    }

    @Test
    void aTakenOverSilentSocketHandsItsPlaceOnAndHoldsNone() {
        Wire first = new Wire();
        SignalingSockets.Socket silent = open("takeover", first);
        silent.receive(new Join("Half-open"));
        // What a resume does to a socket silent for too long (SignalingSocketTakeoverTest): ends it as dead, keeping its peer.
        assertTrue(silent.endIfSilent(0));
        Wire second = new Wire();
        SignalingSockets.Socket back = open("takeover", second);
        back.receive(new Join("Half-open", null, first.welcome().resumeToken()));
        assertEquals(Boolean.TRUE, second.welcome().resumed());
        silent.closed(CloseCode.POLICY_VIOLATION.code());
        assertEquals(1, quota.open(ADDRESS), "only the socket now holding the peer counts");
        assertEquals(0, grace.waiting(), "the old socket leaves no peer held");
    }

    @Test
    void aHeldPeerRemovedByAModeratorGivesItsPlaceBackAtOnce() {
        Wire wire = new Wire();
        SignalingSockets.Socket dropped = open("removed", wire);
        dropped.receive(new Join("Removed"));
        dropped.closed(DROPPED);
        assertTrue(registry.remove("removed", wire.welcome().peerId()));
        assertEquals(0, quota.open(ADDRESS));
    }

    @Test
    void aSocketThatClosesWhileItsJoinIsHandledStillCountsItsHeldPeer() {
        AtomicReference<SignalingSockets.Socket> socket = new AtomicReference<>();
        // The welcome's write fails at once and the container reports the close from inside it, before the join returns.
        Wire failing = new Wire() {
            @Override
            public void send(ServerMessage message, Consumer<Throwable> completion) {
                completion.accept(new java.io.IOException("connection reset"));
            }

            @Override
            public void close(CloseCode code, String reason) {
                super.close(code, reason);
                socket.get().closed(code.code());
            }
        };
        socket.set(open("reset", failing));
        socket.get().receive(new Join("Reset"));
        assertEquals(1, registry.roomCount(), "the peer is held for a resume");
        assertEquals(1, quota.open(ADDRESS), "and so is its place");
        grace.end();
        assertEquals(0, quota.open(ADDRESS));
        assertEquals(0, registry.roomCount());
    }
}
