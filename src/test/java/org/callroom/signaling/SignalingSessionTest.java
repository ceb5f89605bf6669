package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.callroom.protocol.Candidate;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ErrorMessage;
import org.callroom.protocol.IceServer;
import org.callroom.protocol.Join;
import org.callroom.protocol.Leave;
import org.callroom.protocol.Offer;
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.Welcome;
import org.callroom.room.InMemoryRoomRegistry;
import org.callroom.room.RecordingRecipient;
import org.callroom.room.RoomRegistry;
import org.junit.jupiter.api.Test;

class SignalingSessionTest {

    private final RoomRegistry registry = new InMemoryRoomRegistry(2);
    private final List<IceServer> ice = List.of(new IceServer(List.of("stun:stun.example.org"), null, null));

    private SignalingSession socket(RecordingRecipient channel) {
        return new SignalingSession("room", registry, channel, ice);
    }

    private static String errorCode(RecordingRecipient channel) {
        List<ErrorMessage> errors = channel.receivedOf(ErrorMessage.class);
        return errors.get(errors.size() - 1).code();
    }

    @Test
    void joinIsAnsweredWithAWelcomeCarryingAFreshIdAndTheIceServers() {
        RecordingRecipient a = new RecordingRecipient();
        RecordingRecipient b = new RecordingRecipient();
        socket(a).receive(new Join("Alice"));
        socket(b).receive(new Join("Bob"));
        Welcome wa = (Welcome) a.received.get(0);
        Welcome wb = (Welcome) b.received.get(0);
        assertEquals(22, wa.peerId().length());
        assertNotEquals(wa.peerId(), wb.peerId());
        assertEquals(ice, wa.iceServers());
        assertEquals("room", wb.room());
        assertEquals("Alice", wb.peers().get(0).name());
    }

    @Test
    void everythingButJoinIsRefusedBeforeJoining() {
        RecordingRecipient a = new RecordingRecipient();
        SignalingSession session = socket(a);
        session.receive(new Offer("x", null, "v=0"));
        assertEquals("not-joined", errorCode(a));
        session.receive(new Leave());
        assertEquals("not-joined", errorCode(a));
        assertNull(a.closedWith);
    }

    @Test
    void aSecondJoinIsABadMessage() {
        RecordingRecipient a = new RecordingRecipient();
        SignalingSession session = socket(a);
        session.receive(new Join("Alice"));
        session.receive(new Join("Alice again"));
        assertEquals("bad-message", errorCode(a));
        assertEquals(1, registry.peers("room").size());
    }

    @Test
    void relaysAreStampedWithTheRealSenderAndUnknownAddresseesAreRefused() {
        RecordingRecipient a = new RecordingRecipient();
        RecordingRecipient b = new RecordingRecipient();
        SignalingSession sa = socket(a);
        sa.receive(new Join("Alice"));
        socket(b).receive(new Join("Bob"));
        String idA = ((Welcome) a.received.get(0)).peerId();
        String idB = ((Welcome) b.received.get(0)).peerId();
        sa.receive(new Offer(idB, "forged", "v=0"));
        assertEquals(new Offer(idB, idA, "v=0"), b.receivedOf(Offer.class).get(0));
        sa.receive(new Candidate("nobody", null, null));
        assertEquals("unknown-peer", errorCode(a));
        sa.receive(new Offer(idA, null, "v=0"));
        assertEquals("unknown-peer", errorCode(a), "a peer cannot address itself");
    }

    @Test
    void aThirdPeerIsToldTheRoomIsFullAndDisconnected() {
        socket(new RecordingRecipient()).receive(new Join("A"));
        socket(new RecordingRecipient()).receive(new Join("B"));
        RecordingRecipient c = new RecordingRecipient();
        socket(c).receive(new Join("C"));
        assertEquals("room-full", errorCode(c));
        assertEquals(CloseCode.POLICY_VIOLATION, c.closedWith);
    }

    @Test
    void leavingOrDroppingTellsTheRoomOnce() {
        RecordingRecipient a = new RecordingRecipient();
        RecordingRecipient b = new RecordingRecipient();
        socket(a).receive(new Join("Alice"));
        SignalingSession sb = socket(b);
        sb.receive(new Join("Bob"));
        sb.receive(new Leave());
        sb.disconnected();
        assertEquals(1, a.receivedOf(PeerLeft.class).size());
        assertEquals(CloseCode.NORMAL, b.closedWith);
        assertTrue(registry.peers("room").size() == 1);
    }

    /** The container may run the close handler on the sending thread, e.g. when the welcome overflows the mailbox. */
    @Test
    void aSocketThatClosesWhileJoiningLeavesNoGhostInTheRoom() {
        SignalingSession[] self = new SignalingSession[1];
        RecordingRecipient closesOnWelcome = new RecordingRecipient() {
            @Override
            public void send(org.callroom.protocol.ServerMessage message) {
                super.send(message);
                if (message instanceof Welcome) {
                    self[0].disconnected();
                }
            }
        };
        self[0] = socket(closesOnWelcome);
        self[0].receive(new Join("Ghost"));
        assertEquals(List.of(), registry.peers("room"));
        assertEquals(0, registry.roomCount());
    }
}
