package org.callroom.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.Welcome;
import org.callroom.room.InMemoryRoomRegistryTest.StepClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/protocol.md, "Bans": a removal bans the token, the user and the peer id from that room, across restarts; a leave ends resumes. */
class RoomBansTest {

    private final StepClock clock = new StepClock();
    /** The join token Alice came in with: accepted for an hour. */
    private final JoinPass alicePass = new JoinPass("jti-alice", clock.instant().plus(Duration.ofHours(1)));

    @TempDir
    Path directory;

    /** How long a resume token lives, so how long a departure and a peer's ban are remembered. */
    private static final int TOKEN_SECONDS = 300;

    private InMemoryRoomRegistry registry(BanList bans) {
        return new InMemoryRoomRegistry(8, 100, TOKEN_SECONDS, clock, bans);
    }

    private static JoinOutcome join(RoomRegistry registry, String room, Peer peer) {
        return registry.join(room, peer, others -> new Welcome(peer.id(), room, others, List.of()));
    }

    private static JoinOutcome resume(RoomRegistry registry, String room, Peer peer) {
        return registry.resume(room, peer, others -> new Welcome(peer.id(), room, others, List.of()));
    }

    private static Peer withToken(String id, String userId, JoinPass pass) {
        return new Peer(id, "name-" + id, userId, "participant", new RecordingRecipient(), pass);
    }

    /** Alice (user-alice, jti-alice) and Bob in room r, and Alice removed. */
    private Peer aliceRemoved(RoomRegistry registry) {
        Peer alice = withToken("alice-1", "user-alice", alicePass);
        assertEquals(JoinOutcome.JOINED, join(registry, "r", alice));
        assertEquals(JoinOutcome.JOINED, join(registry, "r", withToken("bob-1", "user-bob", new JoinPass("jti-bob", alicePass.acceptedUntil()))));
        assertTrue(registry.remove("r", "alice-1"));
        assertEquals(CloseCode.REMOVED, ((RecordingRecipient) alice.recipient()).closedWith);
        return alice;
    }

    @Test
    void aRemovedPeerCannotRejoinThatRoomWithItsTokenItsUserIdOrAResumeUntilTheTokenExpires() {
        InMemoryRoomRegistry registry = registry(BanList.inMemory(clock));
        aliceRemoved(registry);

        assertEquals(JoinOutcome.BANNED, join(registry, "r", withToken("alice-2", "user-alice", alicePass)), "the same token again (F5)");
        assertEquals(JoinOutcome.BANNED, join(registry, "r", withToken("alice-3", null, alicePass)), "the same token, whoever");
        assertEquals(JoinOutcome.BANNED, join(registry, "r", withToken("alice-4", "user-alice", new JoinPass("jti-new", null))),
                "a new token for the same sub");
        assertEquals(JoinOutcome.REMOVED, resume(registry, "r", new Peer("alice-1", "name-alice-1", "user-alice", "participant",
                new RecordingRecipient())), "its resume token");
        assertEquals(JoinOutcome.JOINED, join(registry, "elsewhere", withToken("alice-5", "user-alice", alicePass)), "only that room");
        assertEquals(JoinOutcome.JOINED, join(registry, "r", withToken("carol-1", "user-carol", new JoinPass("jti-carol", null))));

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertEquals(JoinOutcome.JOINED, join(registry, "r", withToken("alice-6", "user-alice", new JoinPass("jti-later", null))),
                "once the removed token would be refused anyway, the ban is over");
    }

    @Test
    void aUserIdWithoutATokenExpiryIsBannedForTheIdentityBound() {
        InMemoryRoomRegistry registry = registry(BanList.inMemory(clock));
        // Container mode: the principal is the user id, and no token bounds the ban.
        assertEquals(JoinOutcome.JOINED, join(registry, "r", withToken("jane-1", "jane", JoinPass.NONE)));
        assertTrue(registry.remove("r", "jane-1"));
        clock.advance(InMemoryRoomRegistry.IDENTITY_BAN.minusSeconds(1));
        assertEquals(JoinOutcome.BANNED, join(registry, "r", withToken("jane-2", "jane", JoinPass.NONE)));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(JoinOutcome.JOINED, join(registry, "r", withToken("jane-3", "jane", JoinPass.NONE)));
    }

    @Test
    void aResumedPeerIsBannedByTheTokenItFirstJoinedWith() {
        InMemoryRoomRegistry registry = registry(BanList.inMemory(clock));
        Peer alice = withToken("alice-1", null, alicePass);
        assertEquals(JoinOutcome.JOINED, join(registry, "r", alice));
        ((RecordingRecipient) alice.recipient()).hold();
        // A resume token carries no jti: the room remembers the one its place was taken with.
        assertEquals(JoinOutcome.RESUMED, resume(registry, "r", new Peer("alice-1", "name-alice-1", new RecordingRecipient())));
        assertTrue(registry.remove("r", "alice-1"));
        assertEquals(JoinOutcome.BANNED, join(registry, "r", withToken("alice-2", null, alicePass)));
    }

    @Test
    void closingARoomRefusesResumesButBansNobody() {
        InMemoryRoomRegistry registry = registry(BanList.inMemory(clock));
        assertEquals(JoinOutcome.JOINED, join(registry, "r", withToken("alice-1", "user-alice", alicePass)));
        assertEquals(1, registry.close("r"));
        assertEquals(JoinOutcome.REMOVED, resume(registry, "r", new Peer("alice-1", "name-alice-1", new RecordingRecipient())));
        assertEquals(JoinOutcome.JOINED, join(registry, "r", withToken("alice-2", "user-alice", alicePass)));
    }

    @Test
    void aPeerThatSentLeaveCannotResumeButOneThatDroppedCan() {
        InMemoryRoomRegistry registry = registry(BanList.inMemory(clock));
        Peer alice = withToken("alice-1", null, JoinPass.NONE);
        Peer bob = withToken("bob-1", null, JoinPass.NONE);
        join(registry, "r", alice);
        join(registry, "r", bob);

        registry.leaveForGood("r", alice);
        assertEquals(JoinOutcome.LEFT, resume(registry, "r", new Peer("alice-1", "name-alice-1", new RecordingRecipient())));
        assertEquals(List.of("bob-1"), registry.peers("r").stream().map(info -> info.peerId()).toList());
        assertEquals(JoinOutcome.JOINED, resume(registry, "elsewhere", new Peer("alice-1", "name-alice-1", new RecordingRecipient())),
                "only in the room it left");

        // A drop's leave, once its grace period ended: this server told the room, so it refuses the resume too, but
        // with its own outcome; a restarted server, which told nobody, takes the peer back while its token lasts.
        registry.leave("r", bob);
        assertEquals(JoinOutcome.DEPARTED, resume(registry, "r", new Peer("bob-1", "name-bob-1", new RecordingRecipient())));
        assertEquals(JoinOutcome.JOINED, resume(registry(BanList.inMemory(clock)), "r", new Peer("bob-1", "name-bob-1", new RecordingRecipient())));

        clock.advance(Duration.ofSeconds(TOKEN_SECONDS));
        assertEquals(JoinOutcome.JOINED, resume(registry, "r", new Peer("alice-1", "name-alice-1", new RecordingRecipient())),
                "after the token's life its resume token has expired anyway");
    }

    @Test
    void bansAreKeptInTheFileAndANewRegistryReadsThem() throws IOException {
        Path file = directory.resolve("data").resolve("callroom-bans.json");
        aliceRemoved(registry(BanList.load(file, clock)));
        assertTrue(Files.exists(file));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no draft left behind");
        }

        InMemoryRoomRegistry restarted = registry(BanList.load(file, clock));
        assertEquals(JoinOutcome.BANNED, join(restarted, "r", withToken("alice-2", null, alicePass)));
        assertEquals(JoinOutcome.BANNED, join(restarted, "r", withToken("alice-3", "user-alice", JoinPass.NONE)));
        assertEquals(JoinOutcome.REMOVED, resume(restarted, "r", new Peer("alice-1", "name-alice-1", new RecordingRecipient())));
        assertEquals(JoinOutcome.JOINED, join(restarted, "r", withToken("bob-2", "user-bob", JoinPass.NONE)));

        clock.advance(Duration.ofHours(2));
        assertEquals(0, BanList.load(file, clock).size(), "expired bans are dropped on reading");
    }

    @Test
    void twoRegistriesSharingAFileKeepEachOthersBans() {
        Path file = directory.resolve("callroom-bans.json");
        InMemoryRoomRegistry first = registry(BanList.load(file, clock));
        InMemoryRoomRegistry second = registry(BanList.load(file, clock));
        aliceRemoved(first);
        join(second, "s", withToken("dave-1", "user-dave", JoinPass.NONE));
        second.remove("s", "dave-1");

        InMemoryRoomRegistry restarted = registry(BanList.load(file, clock));
        assertEquals(JoinOutcome.BANNED, join(restarted, "r", withToken("alice-2", "user-alice", JoinPass.NONE)));
        assertEquals(JoinOutcome.BANNED, join(restarted, "s", withToken("dave-2", "user-dave", JoinPass.NONE)));
    }

    @Test
    void aBrokenFileStopsTheStartNamingItAndLosesNothing() throws IOException {
        Path file = directory.resolve("callroom-bans.json");
        for (String broken : List.of("{\"bans\":[{\"room\":\"r\"", "[]", "{\"bans\":{}}",
                "{\"bans\":[{\"room\":\"r\",\"kind\":\"shoe\",\"value\":\"x\",\"until\":\"2026-12-03T11:00:00Z\"}]}",
                "{\"bans\":[{\"room\":\"r\",\"kind\":\"user\",\"value\":\"x\",\"until\":\"tomorrow\"}]}")) {
            Files.writeString(file, broken);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> BanList.load(file, clock), broken);
            assertTrue(refused.getMessage().contains(file.toString()) && refused.getMessage().contains("fix or delete it"),
                    refused.getMessage());
            assertEquals(broken, Files.readString(file), "left as it was");
        }
    }

    @Test
    void theFileIsBesideTheResumeKeyUnlessConfigured() {
        Map<String, String> wildfly = Map.of("jboss.server.data.dir", "/srv/wildfly/data", "user.home", "/home/u");
        assertEquals(Path.of("/srv/wildfly/data", "callroom", "bans.json"),
                InMemoryRoomRegistry.bansFile(Optional.empty(), Optional.empty(), wildfly));
        assertEquals(Path.of("/srv/domain1", "config", "callroom-bans.json"), InMemoryRoomRegistry.bansFile(Optional.empty(),
                Optional.empty(), Map.of("com.sun.aas.instanceRoot", "/srv/domain1")));
        assertEquals(Path.of("/etc/callroom/callroom-bans.json"),
                InMemoryRoomRegistry.bansFile(Optional.empty(), Optional.of("/etc/callroom/resume.key"), wildfly));
        assertEquals(Path.of("/var/lib/bans.json"),
                InMemoryRoomRegistry.bansFile(Optional.of("/var/lib/bans.json"), Optional.of("/etc/callroom/resume.key"), wildfly));
    }

    @Test
    void aBanEndsWhenItsTimeComes() {
        BanList bans = BanList.inMemory(clock);
        BanList.Key key = new BanList.Key("r", BanList.Kind.TOKEN, "t");
        bans.ban(Map.of(key, clock.instant().plusSeconds(10)));
        bans.ban(Map.of(key, clock.instant().plusSeconds(5)));
        clock.advance(Duration.ofSeconds(9));
        assertTrue(bans.banned(List.of(key)), "a shorter ban never shortens a longer one");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(false, bans.banned(List.of(key)));
        assertEquals(Instant.parse("2026-12-03T10:00:10Z"), clock.instant());
    }
}
