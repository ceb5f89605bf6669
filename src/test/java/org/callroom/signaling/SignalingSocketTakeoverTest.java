package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.metrics.CallMetrics;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ErrorMessage;
import org.callroom.protocol.Join;
import org.callroom.protocol.Offer;
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.Welcome;
import org.callroom.room.InMemoryRoomRegistry;
import org.callroom.room.Mailbox;
import org.callroom.room.RecordingRecipient;
import org.callroom.room.RecordingSocket;
import org.callroom.room.RoomRegistry;
import org.junit.jupiter.api.Test;

/** A resume of a peer whose socket is still open takes that socket over only once it has gone silent long enough to be dead. */
class SignalingSocketTakeoverTest {

    private final RoomRegistry registry = new InMemoryRoomRegistry(2);
    private final Heartbeat heartbeat = new Heartbeat(30);
    private final Map<String, SignalingSockets.Socket> holders = new ConcurrentHashMap<>();
    /** How far this test's clock runs ahead of System.nanoTime(), which the heartbeat's watches read. */
    private final AtomicLong skew = new AtomicLong();

    /** A socket wired as SignalingSockets.open() wires one, its frames written to {@code wire}. */
    private SignalingSockets.Socket socket(RecordingSocket wire, RecordingRecipient delivered) {
        Mailbox mailbox = new Mailbox(new RecordingSocket() {
            @Override
            public void send(org.callroom.protocol.ServerMessage message, java.util.function.Consumer<Throwable> completion) {
                delivered.send(message);
                completion.accept(null);
            }

            @Override
            public void close(CloseCode code, String reason) {
                wire.close(code, reason);
            }
        }, 100, Long.MAX_VALUE);
        SignalingSession session = new SignalingSession("room", registry, mailbox, Sessions.ice(), JoinAuthorizer.OPEN,
                Sessions.resumeTokens(Clock.systemUTC()), new Sessions.Grace(), id -> {
                    SignalingSockets.Socket holder = holders.get(id);
                    return holder != null && holder.endIfSilent(SignalingSockets.TAKEOVER_SILENCE_NANOS);
                });
        RateLimit limit = new RateLimit(50, 200, TimeUnit.SECONDS.toNanos(5), System.nanoTime());
        return new SignalingSockets.Socket(session, mailbox, limit, () -> System.nanoTime() + skew.get(), heartbeat.watch(wire, session::joined),
                heartbeat, holders, CallMetrics.NONE);
    }

    private static Welcome welcome(RecordingRecipient delivered) {
        return delivered.receivedOf(Welcome.class).get(0);
    }

    @Test
    void aResumeTakesOverASilentSocketButNotOneHeardFromLately() {
        RecordingRecipient alice = new RecordingRecipient();
        SignalingSockets.Socket aliceSocket = socket(new RecordingSocket(), alice);
        aliceSocket.receive(new Join("Alice"));
        RecordingSocket bobWire = new RecordingSocket();
        RecordingRecipient bob = new RecordingRecipient();
        SignalingSockets.Socket bobSocket = socket(bobWire, bob);
        bobSocket.receive(new Join("Bob"));
        String token = welcome(bob).resumeToken();

        RecordingRecipient early = new RecordingRecipient();
        socket(new RecordingSocket(), early).receive(new Join("Bob", null, token));
        assertEquals("resume-refused", early.receivedOf(ErrorMessage.class).get(0).code(), "Bob's socket was heard from just now");
        assertNull(bobWire.closedWith);

        // Half-open: Bob's old socket stays up but nothing comes from it.
        skew.set(SignalingSockets.TAKEOVER_SILENCE_NANOS + TimeUnit.SECONDS.toNanos(1));
        RecordingRecipient back = new RecordingRecipient();
        socket(new RecordingSocket(), back).receive(new Join("Bob", null, token));
        assertEquals(CloseCode.POLICY_VIOLATION, bobWire.closedWith, "the dead socket is closed");
        // The container reports that 1008 back: the room already holds the resumed peer, which it must not end.
        bobSocket.closed(CloseCode.POLICY_VIOLATION.code());
        assertEquals(welcome(bob).peerId(), welcome(back).peerId());
        assertEquals(Boolean.TRUE, welcome(back).resumed());
        aliceSocket.receive(new Offer(welcome(bob).peerId(), null, "v=0 after the takeover"));
        assertEquals("v=0 after the takeover", back.receivedOf(Offer.class).get(0).sdp());
        assertEquals(List.of(), alice.receivedOf(PeerLeft.class), "the room never hears Bob left");
    }

    @Test
    void aTakeoverResumesEvenWhenTheContainerReportsTheCloseFromInsideIt() {
        RecordingRecipient alice = new RecordingRecipient();
        SignalingSockets.Socket aliceSocket = socket(new RecordingSocket(), alice);
        aliceSocket.receive(new Join("Alice"));
        AtomicReference<SignalingSockets.Socket> bobSocket = new AtomicReference<>();
        // Tyrus runs the close handler inside Session.close(), so the 1008 is reported before the resume goes on.
        RecordingSocket bobWire = new RecordingSocket() {
            @Override
            public void close(CloseCode code, String reason) {
                super.close(code, reason);
                bobSocket.get().closed(code.code());
            }
        };
        RecordingRecipient bob = new RecordingRecipient();
        bobSocket.set(socket(bobWire, bob));
        bobSocket.get().receive(new Join("Bob"));
        String token = welcome(bob).resumeToken();

        skew.set(SignalingSockets.TAKEOVER_SILENCE_NANOS + TimeUnit.SECONDS.toNanos(1));
        RecordingRecipient back = new RecordingRecipient();
        socket(new RecordingSocket(), back).receive(new Join("Bob", null, token));
        assertEquals(CloseCode.POLICY_VIOLATION, bobWire.closedWith, "the dead socket is closed");
        assertEquals(Boolean.TRUE, welcome(back).resumed(), back.receivedOf(ErrorMessage.class).toString());
        assertEquals(welcome(bob).peerId(), welcome(back).peerId());
        assertEquals(List.of(), alice.receivedOf(PeerLeft.class), "the room never hears Bob left");
    }
}
