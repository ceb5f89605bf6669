package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.auth.JoinClaims;
import org.callroom.auth.JoinVerdict;
import org.callroom.auth.ResumeTokens;
import org.callroom.auth.ResumeVerdict;
import org.callroom.protocol.Candidate;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ErrorCode;
import org.callroom.protocol.ErrorMessage;
import org.callroom.protocol.IceServer;
import org.callroom.protocol.Join;
import org.callroom.protocol.Leave;
import org.callroom.protocol.Mute;
import org.callroom.protocol.Offer;
import org.callroom.protocol.PeerInfo;
import org.callroom.protocol.PeerJoined;
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.Ping;
import org.callroom.protocol.Pong;
import org.callroom.protocol.Remove;
import org.callroom.protocol.Welcome;
import org.callroom.room.InMemoryRoomRegistry;
import org.callroom.room.RecordingRecipient;
import org.callroom.room.RoomRegistry;
import org.junit.jupiter.api.Test;

class SignalingSessionTest {

    private final RoomRegistry registry = new InMemoryRoomRegistry(2);
    private final List<IceServer> ice = List.of(new IceServer(List.of(Sessions.STUN), null, null));
    private final Sessions.Grace grace = new Sessions.Grace();
    private final ResumeTokens resumeTokens = Sessions.resumeTokens(Clock.systemUTC());

    private SignalingSession socket(RecordingRecipient channel) {
        return new SignalingSession("room", registry, channel, Sessions.ice(), JoinAuthorizer.OPEN, resumeTokens, grace);
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
        assertEquals(1, grace.waiting(), "it dropped, so it keeps its place for the grace period");
        grace.end();
        assertEquals(List.of(), registry.peers("room"));
        assertEquals(0, registry.roomCount());
    }

    /** Admits only joins whose token is "good-<name>-<userId>-<role>", as the token's name; refuses the rest. */
    private static final JoinAuthorizer TOKENS = (room, join) -> {
        if (join.token() == null || !join.token().startsWith("good-")) {
            return new JoinVerdict.Refused(join.token() == null ? "a join token is required" : "token signature is invalid");
        }
        String[] parts = join.token().split("-");
        return new JoinVerdict.Admitted(new JoinClaims(parts[1], parts[2], parts[3]));
    };

    private SignalingSession tokenSocket(RecordingRecipient channel) {
        return new SignalingSession("room", registry, channel, Sessions.ice(), TOKENS, resumeTokens, grace);
    }

    @Test
    void anUnauthorizedJoinIsToldWhyThenClosedWith1008() {
        RecordingRecipient a = new RecordingRecipient();
        tokenSocket(a).receive(new Join("Mallory", "forged"));
        assertEquals(List.of(ErrorMessage.of(ErrorCode.UNAUTHORIZED, "token signature is invalid")), a.received);
        assertEquals(CloseCode.POLICY_VIOLATION, a.closedWith);
    }

    @Test
    void aJoinWithoutATokenIsUnauthorizedWhenTokensAreRequired() {
        RecordingRecipient a = new RecordingRecipient();
        tokenSocket(a).receive(new Join("Mallory"));
        assertEquals("unauthorized", errorCode(a));
        assertEquals(CloseCode.POLICY_VIOLATION, a.closedWith);
    }

    @Test
    void theRoomHearsNothingOfAnUnauthorizedJoin() {
        RecordingRecipient alice = new RecordingRecipient();
        tokenSocket(alice).receive(new Join("Alice", "good-Alice-u1-participant"));
        RecordingRecipient mallory = new RecordingRecipient();
        tokenSocket(mallory).receive(new Join("Mallory", "forged"));
        assertEquals(1, alice.received.size(), "only Alice's welcome: " + alice.received);
        assertEquals(1, registry.peers("room").size());
    }

    @Test
    void aSocketRefusedOnceCannotJoinBeforeItCloses() {
        RecordingRecipient alice = new RecordingRecipient();
        tokenSocket(alice).receive(new Join("Alice", "good-Alice-u1-participant"));
        RecordingRecipient mallory = new RecordingRecipient();
        SignalingSession session = tokenSocket(mallory);
        session.receive(new Join("Mallory", "forged"));
        session.receive(new Join("Mallory", "good-Mallory-u2-participant"));
        assertEquals(1, alice.received.size(), "only Alice's welcome: " + alice.received);
        assertEquals(1, mallory.received.size(), "only the refusal: " + mallory.received);
    }

    @Test
    void theTokensNameReplacesTheOneTheClientSent() {
        RecordingRecipient alice = new RecordingRecipient();
        tokenSocket(alice).receive(new Join("Alice", "good-Alice-u1-participant"));
        RecordingRecipient bob = new RecordingRecipient();
        tokenSocket(bob).receive(new Join("The Boss", "good-Bob-u2-moderator"));
        Welcome welcome = (Welcome) bob.received.get(0);
        assertEquals("Bob", welcome.name(), "the newcomer learns the name the room sees");
        assertEquals("Alice", welcome.peers().get(0).name());
        assertEquals("Bob", alice.receivedOf(PeerJoined.class).get(0).name());
        assertEquals("Bob", registry.peers("room").stream().filter(p -> p.userId().equals("u2")).findFirst().orElseThrow().name());
    }

    @Test
    void userIdAndRoleReachTheOthersAndTheNewcomer() {
        RecordingRecipient alice = new RecordingRecipient();
        tokenSocket(alice).receive(new Join("Alice", "good-Alice-u1-participant"));
        RecordingRecipient bob = new RecordingRecipient();
        tokenSocket(bob).receive(new Join("Bob", "good-Bob-u2-moderator"));
        Welcome welcome = (Welcome) bob.received.get(0);
        assertEquals(new PeerInfo(welcome.peers().get(0).peerId(), "Alice", "u1", "participant"), welcome.peers().get(0));
        assertEquals("u2", welcome.userId());
        assertEquals("moderator", welcome.role());
        assertNull(welcome.name(), "the name it sent stands, so it is not repeated");
        assertEquals(new PeerJoined(welcome.peerId(), "Bob", "u2", "moderator"), alice.receivedOf(PeerJoined.class).get(0));
    }

    @Test
    void withoutTokensTheWelcomeAndAnnouncementCarryNoClaims() {
        RecordingRecipient alice = new RecordingRecipient();
        socket(alice).receive(new Join("Alice", "ignored-when-tokens-are-off"));
        RecordingRecipient bob = new RecordingRecipient();
        socket(bob).receive(new Join("Bob"));
        Welcome welcome = (Welcome) bob.received.get(0);
        assertEquals(new Welcome(welcome.peerId(), "room", List.of(new PeerInfo(welcome.peers().get(0).peerId(), "Alice")), ice, null,
                null, null, welcome.resumeToken(), Sessions.GRACE_SECONDS, null, null, Sessions.TOKEN_SECONDS), welcome);
        assertEquals(new PeerJoined(welcome.peerId(), "Bob"), alice.receivedOf(PeerJoined.class).get(0));
    }

    private static Welcome welcomeOf(RecordingRecipient channel) {
        return channel.receivedOf(Welcome.class).get(channel.receivedOf(Welcome.class).size() - 1);
    }

    @Test
    void everyWelcomeCarriesAResumeTokenForItsGracePeriod() {
        RecordingRecipient a = new RecordingRecipient();
        socket(a).receive(new Join("Alice"));
        Welcome welcome = welcomeOf(a);
        assertEquals(Sessions.GRACE_SECONDS, welcome.resumeGraceSeconds());
        assertEquals(Sessions.TOKEN_SECONDS, welcome.resumeTokenSeconds(), "the page learns how long it may try to come back");
        assertNull(welcome.resumed(), "a first join is not a resume");
        ResumeVerdict verdict = resumeTokens.verify(welcome.resumeToken(), "room");
        assertEquals(welcome.peerId(), ((ResumeVerdict.Valid) verdict).claims().peerId());
    }

    @Test
    void aDroppedPeerKeepsItsPlaceAndResumesWithItsIdAndWhatWaitedForIt() {
        RecordingRecipient alice = new RecordingRecipient();
        SignalingSession aliceSession = socket(alice);
        aliceSession.receive(new Join("Alice"));
        RecordingRecipient bob = new RecordingRecipient();
        SignalingSession bobSession = socket(bob);
        bobSession.receive(new Join("Bob"));
        String aliceId = welcomeOf(alice).peerId();
        String bobId = welcomeOf(bob).peerId();

        aliceSession.disconnected();
        assertTrue(bob.receivedOf(PeerLeft.class).isEmpty(), "the room hears nothing of a drop");
        bobSession.receive(new Offer(aliceId, null, "v=0 one"));
        bobSession.receive(new Offer(aliceId, null, "v=0 two"));

        RecordingRecipient back = new RecordingRecipient();
        SignalingSession backSession = socket(back);
        backSession.receive(new Join("Alice", null, welcomeOf(alice).resumeToken()));
        Welcome resumed = (Welcome) back.received.get(0);
        assertEquals(aliceId, resumed.peerId());
        assertEquals(Boolean.TRUE, resumed.resumed());
        assertEquals(List.of(new PeerInfo(bobId, "Bob")), resumed.peers());
        assertEquals(List.of(new Offer(aliceId, bobId, "v=0 one"), new Offer(aliceId, bobId, "v=0 two")), back.receivedOf(Offer.class));
        assertEquals(1, bob.received.size(), "Bob heard only his welcome: " + bob.received);

        bobSession.receive(new Offer(aliceId, null, "v=0 three"));
        assertEquals("v=0 three", back.receivedOf(Offer.class).get(2).sdp(), "the room goes on with the resumed socket");
        grace.end();
        assertTrue(bob.receivedOf(PeerLeft.class).isEmpty(), "the end of the old socket's grace period removes nobody");
        assertEquals(2, registry.peers("room").size());
    }

    @Test
    void aPeerNotResumedWithinTheGracePeriodLeaves() {
        RecordingRecipient alice = new RecordingRecipient();
        SignalingSession aliceSession = socket(alice);
        aliceSession.receive(new Join("Alice"));
        RecordingRecipient bob = new RecordingRecipient();
        socket(bob).receive(new Join("Bob"));
        aliceSession.disconnected();
        grace.end();
        assertEquals(List.of(new PeerLeft(welcomeOf(alice).peerId())), bob.receivedOf(PeerLeft.class));
    }

    @Test
    void aPeerThatLeftOrWasClosedByTheServerLeavesAtOnce() {
        RecordingRecipient alice = new RecordingRecipient();
        SignalingSession aliceSession = socket(alice);
        aliceSession.receive(new Join("Alice"));
        RecordingRecipient bob = new RecordingRecipient();
        SignalingSession bobSession = socket(bob);
        bobSession.receive(new Join("Bob"));
        bob.close(CloseCode.POLICY_VIOLATION, "rate limit exceeded");
        bobSession.disconnected();
        assertEquals(1, alice.receivedOf(PeerLeft.class).size());
        assertEquals(0, grace.waiting());
    }

    @Test
    void forgedExpiredAndOtherRoomTokensAreRefusedAndTheSocketMayJoinAfresh() {
        RecordingRecipient alice = new RecordingRecipient();
        SignalingSession aliceSession = socket(alice);
        aliceSession.receive(new Join("Alice"));
        aliceSession.disconnected();
        String token = welcomeOf(alice).resumeToken();
        ResumeTokens otherKey = new ResumeTokens(30, "another key, also 32 bytes long..".getBytes(), Clock.systemUTC());
        ResumeTokens later = Sessions.resumeTokens(Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(Sessions.TOKEN_SECONDS + 1)));
        String forged = otherKey.issue("room", welcomeOf(alice).peerId(), new JoinClaims("Alice", null, null));
        int inSignature = token.lastIndexOf('.') + 5;
        String tampered = token.substring(0, inSignature) + (token.charAt(inSignature) == 'A' ? 'B' : 'A') + token.substring(inSignature + 1);
        String[] refusedTokens = {forged, tampered, "not.a.token",
                resumeTokens.issue("other-room", welcomeOf(alice).peerId(), new JoinClaims("Alice", null, null))};
        for (String bad : refusedTokens) {
            RecordingRecipient back = new RecordingRecipient();
            socket(back).receive(new Join("Alice", null, bad));
            assertEquals(List.of(ErrorCode.RESUME_REFUSED.wireName()), back.receivedOf(ErrorMessage.class).stream().map(ErrorMessage::code).toList());
            assertNull(back.closedWith, "the socket stays open for a fresh join");
        }
        RecordingRecipient late = new RecordingRecipient();
        new SignalingSession("room", registry, late, Sessions.ice(), JoinAuthorizer.OPEN, later, grace).receive(new Join("Alice", null, token));
        assertEquals("resume token expired", late.receivedOf(ErrorMessage.class).get(0).message());

        RecordingRecipient fresh = new RecordingRecipient();
        SignalingSession freshSession = socket(fresh);
        freshSession.receive(new Join("Alice", null, forged));
        freshSession.receive(new Join("Alice"));
        assertNotEquals(welcomeOf(alice).peerId(), welcomeOf(fresh).peerId(), "a fresh join is a new peer");
    }

    @Test
    void aPeerStillConnectedCannotBeResumedElsewhere() {
        RecordingRecipient alice = new RecordingRecipient();
        socket(alice).receive(new Join("Alice"));
        RecordingRecipient copy = new RecordingRecipient();
        socket(copy).receive(new Join("Alice", null, welcomeOf(alice).resumeToken()));
        assertEquals("resume-refused", errorCode(copy));
        assertEquals(1, registry.peers("room").size());
    }

    @Test
    void aServerAwayLongerThanTheGracePeriodStillTakesItsPeersBack() {
        RecordingRecipient alice = new RecordingRecipient();
        socket(alice).receive(new Join("Alice"));
        String aliceId = welcomeOf(alice).peerId();
        // Restarted 90 s later: past the 30 s grace period, within the token's life.
        Clock later = Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(90));
        RecordingRecipient back = new RecordingRecipient();
        new SignalingSession("room", new InMemoryRoomRegistry(2), back, Sessions.ice(), JoinAuthorizer.OPEN,
                Sessions.resumeTokens(later), grace).receive(new Join("Alice", null, welcomeOf(alice).resumeToken()));
        assertEquals(aliceId, welcomeOf(back).peerId());
        assertEquals(Boolean.TRUE, welcomeOf(back).resumed());
    }

    @Test
    void aPeerWhoseGracePeriodEndedOnALivingServerJoinsAfresh() {
        RecordingRecipient alice = new RecordingRecipient();
        SignalingSession aliceSession = socket(alice);
        aliceSession.receive(new Join("Alice"));
        RecordingRecipient bob = new RecordingRecipient();
        socket(bob).receive(new Join("Bob"));
        String aliceId = welcomeOf(alice).peerId();
        aliceSession.disconnected();
        grace.end();
        assertEquals(List.of(new PeerLeft(aliceId)), bob.receivedOf(PeerLeft.class));

        // Its token is still good, but the room was told it left: it must not slip back under the old id.
        RecordingRecipient late = new RecordingRecipient();
        SignalingSession lateSession = socket(late);
        lateSession.receive(new Join("Alice", null, welcomeOf(alice).resumeToken()));
        assertEquals(List.of(new ErrorMessage(ErrorCode.RESUME_REFUSED.wireName(), "your place in the call has ended; join afresh")),
                late.receivedOf(ErrorMessage.class));
        assertNull(late.closedWith, "the socket stays open for a fresh join");
        assertEquals(1, bob.receivedOf(PeerLeft.class).size(), "the room hears nothing of the refusal");
        lateSession.receive(new Join("Alice"));
        assertNotEquals(aliceId, welcomeOf(late).peerId(), "a fresh join is a new peer");
        assertEquals(1, bob.receivedOf(PeerJoined.class).size());
    }

    @Test
    void afterARestartResumedPeersReformTheRoomUnderTheirOldIds() {
        RecordingRecipient alice = new RecordingRecipient();
        socket(alice).receive(new Join("Alice"));
        RecordingRecipient bob = new RecordingRecipient();
        socket(bob).receive(new Join("Bob"));
        String aliceId = welcomeOf(alice).peerId();
        String bobId = welcomeOf(bob).peerId();

        // A new registry and new tokens from the same key: what a restarted server has.
        RoomRegistry restarted = new InMemoryRoomRegistry(2);
        ResumeTokens sameKey = Sessions.resumeTokens(Clock.systemUTC());
        RecordingRecipient bobBack = new RecordingRecipient();
        new SignalingSession("room", restarted, bobBack, Sessions.ice(), JoinAuthorizer.OPEN, sameKey, grace)
                .receive(new Join("Bob", null, welcomeOf(bob).resumeToken()));
        assertEquals(bobId, welcomeOf(bobBack).peerId());
        assertEquals(Boolean.TRUE, welcomeOf(bobBack).resumed());
        assertEquals(List.of(), welcomeOf(bobBack).peers());
        RecordingRecipient aliceBack = new RecordingRecipient();
        new SignalingSession("room", restarted, aliceBack, Sessions.ice(), JoinAuthorizer.OPEN, sameKey, grace)
                .receive(new Join("Alice", null, welcomeOf(alice).resumeToken()));
        assertEquals(List.of(new PeerInfo(bobId, "Bob")), welcomeOf(aliceBack).peers());
        assertEquals(List.of(new PeerJoined(aliceId, "Alice")), bobBack.receivedOf(PeerJoined.class));
    }

    @Test
    void aJoinedPingGetsAPongWithAFreshTokenAndAnUnjoinedOneAPlainPong() {
        RecordingRecipient a = new RecordingRecipient();
        SignalingSession session = socket(a);
        session.receive(new Ping());
        assertEquals(new Pong(null), a.received.get(0));
        session.receive(new Join("Alice"));
        session.receive(new Ping());
        Pong pong = a.receivedOf(Pong.class).get(1);
        ResumeVerdict verdict = resumeTokens.verify(pong.resumeToken(), "room");
        assertEquals(welcomeOf(a).peerId(), ((ResumeVerdict.Valid) verdict).claims().peerId());
    }

    @Test
    void aResumeKeepsTheClaimsOfTheJoinTokenWithoutNeedingIt() {
        RecordingRecipient alice = new RecordingRecipient();
        SignalingSession session = tokenSocket(alice);
        session.receive(new Join("Alice", "good-Alice-u1-moderator"));
        session.disconnected();
        RecordingRecipient back = new RecordingRecipient();
        tokenSocket(back).receive(new Join("Alice", null, welcomeOf(alice).resumeToken()));
        Welcome welcome = welcomeOf(back);
        assertEquals("u1", welcome.userId());
        assertEquals("moderator", welcome.role());
        assertEquals(new PeerInfo(welcome.peerId(), "Alice", "u1", "moderator"), registry.peers("room").get(0));
    }

    /** Names starting with "Mod" join as moderators, the rest as participants, as their join tokens would say. */
    private SignalingSession withRoles(RecordingRecipient channel) {
        JoinAuthorizer roles = (room, join) -> new JoinVerdict.Admitted(
                new JoinClaims(join.name(), null, join.name().startsWith("Mod") ? "moderator" : "participant"));
        return new SignalingSession("room", threeSeats, channel, Sessions.ice(), roles,
                resumeTokens, grace);
    }

    private final RoomRegistry threeSeats = new InMemoryRoomRegistry(3);

    @Test
    void aModeratorRemovesAndMutesOthersAndAnyoneElseIsForbidden() {
        RecordingRecipient mod = new RecordingRecipient();
        RecordingRecipient alice = new RecordingRecipient();
        RecordingRecipient bob = new RecordingRecipient();
        SignalingSession moderator = withRoles(mod);
        SignalingSession aliceSession = withRoles(alice);
        moderator.receive(new Join("Moderator"));
        aliceSession.receive(new Join("Alice"));
        withRoles(bob).receive(new Join("Bob"));
        String idMod = ((Welcome) mod.received.get(0)).peerId();
        String idBob = ((Welcome) bob.received.get(0)).peerId();

        aliceSession.receive(new Mute(idBob, null, true));
        assertEquals("forbidden", errorCode(alice));
        aliceSession.receive(new Remove(idBob));
        assertEquals("forbidden", errorCode(alice));
        assertTrue(bob.receivedOf(Mute.class).isEmpty());
        assertNull(bob.closedWith);

        moderator.receive(new Mute(idBob, "forged", true));
        assertEquals(List.of(new Mute(idBob, idMod, true)), bob.receivedOf(Mute.class));
        moderator.receive(new Remove(idBob));
        assertEquals(CloseCode.REMOVED, bob.closedWith);
        assertEquals(idBob, alice.receivedOf(PeerLeft.class).get(0).peerId());
        moderator.receive(new Remove(idBob));
        assertEquals("unknown-peer", errorCode(mod));
        moderator.receive(new Remove(idMod));
        assertEquals("bad-message", errorCode(mod), "a moderator leaves with leave");
        assertEquals(2, threeSeats.peers("room").size());
    }

    /** Admits every join with its token as the join token's id and its name as the user id, as a real token would. */
    private SignalingSession withTokenIds(RecordingRecipient channel) {
        return withTokenIds(channel, threeSeats);
    }

    /** A socket whose join token's id is the join's {@code token} and whose user id is its name. */
    private SignalingSession withTokenIds(RecordingRecipient channel, RoomRegistry rooms) {
        JoinAuthorizer ids = (room, join) -> new JoinVerdict.Admitted(
                new JoinClaims(join.name(), join.name(), join.name().startsWith("Mod") ? "moderator" : "participant"), join.token(),
                Instant.now().plusSeconds(3600));
        return new SignalingSession("room", rooms, channel, Sessions.ice(), ids, resumeTokens, grace);
    }

    @Test
    void aPeerBackByResumeAfterARestartIsStillBannedByItsJoinToken() {
        RecordingRecipient bob = new RecordingRecipient();
        withTokenIds(bob).receive(new Join("Bob", "jti-bob"));
        String token = welcomeOf(bob).resumeToken();

        RoomRegistry restarted = new InMemoryRoomRegistry(3);
        RecordingRecipient mod = new RecordingRecipient();
        SignalingSession moderator = withTokenIds(mod, restarted);
        moderator.receive(new Join("Mod", "jti-mod"));
        RecordingRecipient back = new RecordingRecipient();
        withTokenIds(back, restarted).receive(new Join("Bob", null, token));
        assertEquals(Boolean.TRUE, welcomeOf(back).resumed());
        moderator.receive(new Remove(welcomeOf(back).peerId()));
        assertEquals(CloseCode.REMOVED, back.closedWith);

        // Another name, so another user id: only the join token it first came with, carried by its resume token, bans it.
        RecordingRecipient again = new RecordingRecipient();
        withTokenIds(again, restarted).receive(new Join("Robert", "jti-bob"));
        assertEquals("banned", errorCode(again));
    }

    @Test
    void aRemovedPeerJoiningAgainIsToldItIsBannedAndClosedAndTheRoomHearsNothing() {
        RecordingRecipient mod = new RecordingRecipient();
        RecordingRecipient bob = new RecordingRecipient();
        SignalingSession moderator = withTokenIds(mod);
        moderator.receive(new Join("Mod", "jti-mod"));
        withTokenIds(bob).receive(new Join("Bob", "jti-bob"));
        moderator.receive(new Remove(((Welcome) bob.received.get(0)).peerId()));
        assertEquals(CloseCode.REMOVED, bob.closedWith);
        int heard = mod.received.size();

        for (Join again : List.of(new Join("Bob", "jti-bob"), new Join("Robert", "jti-bob"), new Join("Bob", "jti-new"))) {
            RecordingRecipient back = new RecordingRecipient();
            SignalingSession session = withTokenIds(back);
            session.receive(again);
            assertEquals("banned", errorCode(back), again.toString());
            assertEquals(CloseCode.POLICY_VIOLATION, back.closedWith);
            session.receive(new Join("Carol", "jti-carol"));
            assertEquals(1, back.receivedOf(ErrorMessage.class).size(), "nothing more is heard from a banned socket");
        }
        assertEquals(heard, mod.received.size(), "the room hears nothing of the refused joins");
        assertEquals(1, threeSeats.peers("room").size());
    }

    @Test
    void aPeerThatSentLeaveCannotResumeButMayJoinAfresh() {
        RecordingRecipient a = new RecordingRecipient();
        RecordingRecipient b = new RecordingRecipient();
        socket(a).receive(new Join("Alice"));
        SignalingSession sb = socket(b);
        sb.receive(new Join("Bob"));
        Welcome bobWelcome = (Welcome) b.received.get(0);
        sb.receive(new Leave());
        sb.disconnected();

        RecordingRecipient back = new RecordingRecipient();
        SignalingSession again = socket(back);
        again.receive(new Join("Bob", null, bobWelcome.resumeToken()));
        ErrorMessage refusal = back.receivedOf(ErrorMessage.class).get(0);
        assertEquals("resume-refused", refusal.code());
        assertEquals("you left the call; join afresh", refusal.message());
        assertEquals(1, registry.peers("room").size());
        assertNull(back.closedWith, "the socket may still join afresh");
        again.receive(new Join("Bob"));
        assertNotEquals(bobWelcome.peerId(), back.receivedOf(Welcome.class).get(0).peerId());
    }
}
