package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ErrorCode;
import org.callroom.protocol.ErrorMessage;
import org.callroom.protocol.Join;
import org.callroom.protocol.Offer;
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.Welcome;
import org.callroom.room.InMemoryRoomRegistry;
import org.callroom.room.RecordingRecipient;
import org.callroom.room.RecordingSocket;
import org.callroom.room.RoomRegistry;
import org.junit.jupiter.api.Test;

/** A socket's frames go through its rate limit before its session sees them. */
class SignalingSocketRateTest {

    private final RoomRegistry registry = new InMemoryRoomRegistry(2);
    private final Heartbeat heartbeat = new Heartbeat(30);
    private final AtomicLong now = new AtomicLong();

    private SignalingSockets.Socket socket(String room, RecordingRecipient recipient) {
        SignalingSession session = new SignalingSession(room, registry, recipient, Sessions.ice(), JoinAuthorizer.OPEN,
                Sessions.resumeTokens(Clock.systemUTC()), new Sessions.Grace());
        RateLimit limit = new RateLimit(10, 5, TimeUnit.SECONDS.toNanos(3), now.get());
        return new SignalingSockets.Socket(session, recipient, limit, now::get, heartbeat.watch(new RecordingSocket(), session::joined), heartbeat);
    }

    /** As the endpoint passes a frame on: counted first, then decoded and received only if admitted. */
    private static void frame(SignalingSockets.Socket socket, ClientMessage message) {
        if (socket.admit()) {
            socket.receive(message);
        }
    }

    @Test
    void framesOverTheRateAreDroppedAnsweredAndReachNobody() {
        RecordingRecipient flooder = new RecordingRecipient();
        RecordingRecipient other = new RecordingRecipient();
        SignalingSockets.Socket a = socket("r", flooder);
        frame(socket("r", other), new Join("Other"));
        frame(a, new Join("Flooder"));
        String to = other.receivedOf(Welcome.class).get(0).peerId();
        for (int i = 0; i < 20; i++) {
            frame(a, new Offer(to, null, "v=0 " + i));
        }
        List<Offer> relayed = other.receivedOf(Offer.class);
        assertEquals(4, relayed.size(), "the join and four offers fill the burst of five");
        assertEquals("v=0 3", relayed.get(3).sdp());
        List<ErrorMessage> errors = flooder.receivedOf(ErrorMessage.class);
        assertEquals(16, errors.size());
        errors.forEach(error -> assertEquals("rate-limited", error.code()));
        assertNull(flooder.closedWith, "a short burst over the rate does not close the socket");

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        frame(a, new Offer(to, null, "after a pause"));
        assertEquals("after a pause", other.receivedOf(Offer.class).get(4).sdp(), "the bucket refills");
    }

    @Test
    void refusedFramesCountTooAndAPersistentFlooderIsClosedWith1008() {
        RecordingRecipient flooder = new RecordingRecipient();
        SignalingSockets.Socket a = socket("r", flooder);
        for (int ms = 0; ms <= 3_100 && flooder.closedWith == null; ms++) {
            now.set(TimeUnit.MILLISECONDS.toNanos(ms));
            if (a.admit()) {
                a.refuse(ErrorMessage.of(ErrorCode.BAD_MESSAGE, "bad"));
            }
        }
        assertEquals(CloseCode.POLICY_VIOLATION, flooder.closedWith);
        assertEquals(0, flooder.receivedOf(PeerLeft.class).size());
    }

    @Test
    void eachContinuationFrameIsMeteredAndAMessageOverTheRateIsDroppedWhole() {
        RecordingRecipient sender = new RecordingRecipient();
        RecordingRecipient other = new RecordingRecipient();
        SignalingSockets.Socket a = socket("r", sender);
        frame(socket("r", other), new Join("Other"));
        a.text("{\"type\":\"join\",\"name\":\"Sender\"}", true);
        String to = other.receivedOf(Welcome.class).get(0).peerId();

        a.text("{\"type\":\"offer\",\"to\":\"" + to + "\",\"sdp\":\"v=0", false);
        for (int i = 0; i < 20; i++) {
            a.text(" ", false);
        }
        a.text("\"}", true);

        assertEquals(List.of(), other.receivedOf(Offer.class), "the frames past the burst drop the message they belong to");
        List<ErrorMessage> errors = sender.receivedOf(ErrorMessage.class);
        assertEquals(18, errors.size(), "the join and three parts fill the burst of five; each later part is answered");
        errors.forEach(error -> assertEquals("rate-limited", error.code()));

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        a.text("{\"type\":\"offer\",\"to\":\"" + to + "\",", false);
        a.text("\"sdp\":\"v=0 whole\"}", true);
        assertEquals("v=0 whole", other.receivedOf(Offer.class).get(0).sdp(), "the next message starts afresh");
    }

    @Test
    void aMessageInEndlessOneByteFramesIsClosedWith1008AsAFlooderIs() {
        RecordingRecipient flooder = new RecordingRecipient();
        SignalingSockets.Socket a = socket("r", flooder);
        a.text("{\"type\":\"ping\"", false);
        for (int ms = 0; ms <= 3_100 && flooder.closedWith == null; ms++) {
            now.set(TimeUnit.MILLISECONDS.toNanos(ms));
            a.text(" ", false);
        }
        assertEquals(CloseCode.POLICY_VIOLATION, flooder.closedWith);
    }
}
