package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.Join;
import org.callroom.protocol.PeerLeft;
import org.callroom.room.InMemoryRoomRegistry;
import org.callroom.room.RecordingRecipient;
import org.callroom.room.RecordingSocket;
import org.callroom.room.RoomRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the container reports when a socket closes decides whether its peer waits out the grace period. */
class SignalingSocketCloseTest {

    private final RoomRegistry registry = new InMemoryRoomRegistry(2);
    private final Heartbeat heartbeat = new Heartbeat(30);
    private final Sessions.Grace grace = new Sessions.Grace();

    private SignalingSockets.Socket joined(RecordingRecipient recipient, String name) {
        SignalingSession session = new SignalingSession("r", registry, recipient, Sessions.ice(), JoinAuthorizer.OPEN,
                Sessions.resumeTokens(Clock.systemUTC()), grace);
        RateLimit limit = new RateLimit(10, 5, TimeUnit.SECONDS.toNanos(3), 0);
        SignalingSockets.Socket socket = new SignalingSockets.Socket(session, recipient, limit, () -> 0L,
                heartbeat.watch(new RecordingSocket(), session::joined), heartbeat);
        socket.receive(new Join(name));
        return socket;
    }

    /** Tyrus closes a socket on its own (1003 for a frame over its buffer); the server never called close itself. */
    @ParameterizedTest
    @ValueSource(ints = {1003, 1008, 1009, 1013})
    void aRefusalTheContainerMadeEndsThePeerAtOnce(int code) {
        assertTrue(CloseCode.isRefusal(code));
        RecordingRecipient alice = new RecordingRecipient();
        joined(alice, "Alice");
        SignalingSockets.Socket bob = joined(new RecordingRecipient(), "Bob");

        bob.closed(code);

        assertEquals(1, alice.receivedOf(PeerLeft.class).size(), "the room is told at once");
        assertEquals(0, grace.waiting(), "no place is held for a resume");
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1005, 1006, 1011})
    void aDropOrAFailedConnectionKeepsThePlaceForTheGracePeriod(int code) {
        RecordingRecipient alice = new RecordingRecipient();
        joined(alice, "Alice");
        SignalingSockets.Socket bob = joined(new RecordingRecipient(), "Bob");

        bob.closed(code);

        assertEquals(0, alice.receivedOf(PeerLeft.class).size());
        assertEquals(1, grace.waiting());
        grace.end();
        assertEquals(1, alice.receivedOf(PeerLeft.class).size(), "told once the grace period is over");
    }
}
