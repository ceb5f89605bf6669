package org.callroom.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.Offer;
import org.callroom.protocol.PeerInfo;
import org.callroom.protocol.PeerJoined;
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.Welcome;
import org.junit.jupiter.api.Test;

class InMemoryRoomRegistryTest {

    private static boolean join(RoomRegistry registry, String room, Peer peer) {
        return registry.join(room, peer, others -> new Welcome(peer.id(), room, others, List.of())) == JoinOutcome.JOINED;
    }

    private static Peer peer(String id) {
        return new Peer(id, "name-" + id, new RecordingRecipient());
    }

    private static String roomOf(Peer peer) {
        return peer.id().substring(0, peer.id().indexOf('/'));
    }

    private static RecordingRecipient channel(Peer peer) {
        return (RecordingRecipient) peer.recipient();
    }

    @Test
    void newcomerIsWelcomedWithThePeersAlreadyThereWhoAreTold() {
        RoomRegistry registry = new InMemoryRoomRegistry(4);
        Peer a = peer("a");
        Peer b = peer("b");
        assertTrue(join(registry, "r", a));
        assertTrue(join(registry, "r", b));
        assertEquals(List.of(), ((Welcome) channel(a).received.get(0)).peers());
        assertEquals(new PeerJoined("b", "name-b"), channel(a).received.get(1));
        assertEquals(List.of(new PeerInfo("a", "name-a")), ((Welcome) channel(b).received.get(0)).peers());
        assertEquals(1, channel(b).received.size());
    }

    @Test
    void roomsAreIsolated() {
        RoomRegistry registry = new InMemoryRoomRegistry(2);
        Peer a = peer("a");
        Peer b = peer("b");
        join(registry, "one", a);
        join(registry, "two", b);
        assertFalse(registry.relay("one", new Offer("b", "a", "v=0")));
        assertEquals(1, channel(a).received.size());
        assertEquals(1, channel(b).received.size());
        registry.leave("one", a);
        assertEquals(1, channel(b).received.size());
    }

    @Test
    void relayReachesOnlyTheAddressee() {
        RoomRegistry registry = new InMemoryRoomRegistry(3);
        Peer a = peer("a");
        Peer b = peer("b");
        Peer c = peer("c");
        join(registry, "r", a);
        join(registry, "r", b);
        join(registry, "r", c);
        Offer offer = new Offer("b", "a", "v=0");
        assertTrue(registry.relay("r", offer));
        assertEquals(List.of(offer), channel(b).receivedOf(Offer.class));
        assertTrue(channel(a).receivedOf(Offer.class).isEmpty());
        assertTrue(channel(c).receivedOf(Offer.class).isEmpty());
        assertFalse(registry.relay("r", new Offer("nobody", "a", "v=0")));
    }

    @Test
    void aFullRoomRefusesAndChangesNothing() {
        RoomRegistry registry = new InMemoryRoomRegistry(2);
        join(registry, "r", peer("a"));
        join(registry, "r", peer("b"));
        Peer c = peer("c");
        assertFalse(join(registry, "r", c));
        assertTrue(channel(c).received.isEmpty());
        assertEquals(2, registry.peers("r").size());
    }

    @Test
    void noRoomIsOpenedPastTheServersCapButExistingOnesStillFill() {
        RoomRegistry registry = new InMemoryRoomRegistry(3, 2);
        Peer a = peer("a");
        join(registry, "one", a);
        join(registry, "two", peer("b"));
        Peer c = peer("c");
        assertEquals(JoinOutcome.TOO_MANY_ROOMS, registry.join("three", c, others -> new Welcome(c.id(), "three", others, List.of())));
        assertTrue(channel(c).received.isEmpty());
        assertEquals(2, registry.roomCount());
        assertTrue(join(registry, "two", peer("d")), "a room that exists takes peers whatever the count of rooms");
        registry.leave("one", a);
        assertTrue(join(registry, "three", c), "an emptied room frees its place");
    }

    @Test
    void leavingTellsTheRestAndAnEmptyRoomIsRemoved() {
        RoomRegistry registry = new InMemoryRoomRegistry(2);
        Peer a = peer("a");
        join(registry, "r", a);
        Peer b = peer("b");
        join(registry, "r", b);
        registry.leave("r", b);
        registry.leave("r", b);
        assertEquals(List.of(new PeerLeft("b")), channel(a).receivedOf(PeerLeft.class));
        assertEquals(1, registry.roomCount());
        registry.leave("r", a);
        assertEquals(0, registry.roomCount());
        assertEquals(List.of(), registry.peers("r"));
    }

    @Test
    void capacityOutsideTheSupportedRangeIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryRoomRegistry(1));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryRoomRegistry(InMemoryRoomRegistry.MAX_CAPACITY + 1));
    }

    /**
     * Many threads join, relay and leave across a few rooms at once. Afterwards no room is left over,
     * every peer saw its welcome first, and each peer heard of every other peer of its room at most
     * once as joined and never as left before joined.
     */
    @Test
    void concurrentJoinsRelaysAndLeavesStayConsistent() throws Exception {
        int capacity = 8;
        RoomRegistry registry = new InMemoryRoomRegistry(capacity);
        int threads = 8;
        int peersPerThread = 400;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        List<Future<List<Peer>>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                start.await();
                List<Peer> mine = new ArrayList<>();
                for (int i = 0; i < peersPerThread; i++) {
                    String room = "room-" + (i % 5);
                    Peer p = peer(room + "/" + thread + "-" + i);
                    if (!join(registry, room, p)) {
                        refused.incrementAndGet();
                        continue;
                    }
                    mine.add(p);
                    for (PeerInfo other : registry.peers(room)) {
                        registry.relay(room, new Offer(other.peerId(), p.id(), "v=0"));
                    }
                    if (i % 3 == 0) {
                        Peer leaving = mine.remove(0);
                        registry.leave(roomOf(leaving), leaving);
                    }
                }
                for (Peer p : mine) {
                    registry.leave(roomOf(p), p);
                }
                return mine;
            }));
        }
        start.countDown();
        List<Peer> all = new ArrayList<>();
        for (Future<List<Peer>> f : work) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertEquals(0, registry.roomCount(), "every room emptied and removed");
        for (Peer p : all) {
            List<?> received = channel(p).received;
            assertInstanceOf(Welcome.class, received.get(0), "welcome comes first");
            assertTrue(((Welcome) received.get(0)).peers().size() < capacity);
            Set<String> joined = new HashSet<>();
            Set<String> leftBeforeJoined = new HashSet<>();
            ((Welcome) received.get(0)).peers().forEach(info -> joined.add(info.peerId()));
            for (Object m : received.subList(1, received.size())) {
                if (m instanceof PeerJoined pj) {
                    assertTrue(joined.add(pj.peerId()), "announced once: " + pj.peerId());
                } else if (m instanceof PeerLeft pl && !joined.contains(pl.peerId())) {
                    leftBeforeJoined.add(pl.peerId());
                }
            }
            assertTrue(leftBeforeJoined.isEmpty(), "left before joined: " + leftBeforeJoined);
        }
    }

    private static JoinOutcome resume(RoomRegistry registry, String room, Peer peer) {
        return registry.resume(room, peer, others -> new Welcome(peer.id(), room, others, List.of()));
    }

    @Test
    void aHeldPlaceIsTakenOverOnceAndTheRoomHearsNothing() {
        RoomRegistry registry = new InMemoryRoomRegistry(2);
        Peer a = peer("a");
        Peer b = peer("b");
        join(registry, "r", a);
        join(registry, "r", b);
        assertEquals(JoinOutcome.STILL_CONNECTED, resume(registry, "r", new Peer("a", "name-a", new RecordingRecipient())));
        channel(a).hold();
        Peer back = new Peer("a", "name-a", new RecordingRecipient());
        assertEquals(JoinOutcome.RESUMED, resume(registry, "r", back));
        assertEquals(List.of(new PeerInfo("b", "name-b")), ((Welcome) channel(back).received.get(0)).peers());
        assertEquals(1, channel(b).received.size(), "b heard only its welcome");
        registry.leave("r", a);
        assertEquals(2, registry.peers("r").size(), "the old peer's leave does not remove the resumed one");
        assertTrue(registry.relay("r", new Offer("a", "b", "v=0")));
        assertEquals(1, channel(back).receivedOf(Offer.class).size());
    }

    @Test
    void aPlaceWhoseWaitingMessagesOverflowedIsLostAndTheRoomToldItLeft() {
        RoomRegistry registry = new InMemoryRoomRegistry(2);
        Mailbox mailbox = new Mailbox(new RecordingSocket(), 2, Long.MAX_VALUE);
        Peer a = new Peer("a", "name-a", mailbox);
        Peer b = peer("b");
        join(registry, "r", a);
        join(registry, "r", b);
        mailbox.hold();
        for (int i = 0; i < 3; i++) {
            registry.relay("r", new Offer("a", "b", "v=" + i));
        }
        Peer back = new Peer("a", "name-a", new RecordingRecipient());
        assertEquals(JoinOutcome.PLACE_LOST, resume(registry, "r", back));
        assertTrue(channel(back).received.isEmpty());
        assertEquals(List.of(new PeerLeft("a")), channel(b).receivedOf(PeerLeft.class));
        assertEquals(List.of(new PeerInfo("b", "name-b")), registry.peers("r"));
    }

    @Test
    void aResumeIntoARoomThatDoesNotKnowThePeerJoinsUnderItsOldIdAndCountsAsARoom() {
        RoomRegistry registry = new InMemoryRoomRegistry(2, 1);
        Peer b = new Peer("b", "name-b", new RecordingRecipient());
        assertEquals(JoinOutcome.JOINED, resume(registry, "r", b));
        Peer a = new Peer("a", "name-a", new RecordingRecipient());
        assertEquals(JoinOutcome.JOINED, resume(registry, "r", a));
        assertEquals(List.of(new PeerJoined("a", "name-a")), channel(b).receivedOf(PeerJoined.class));
        assertEquals(JoinOutcome.TOO_MANY_ROOMS, resume(registry, "other", peer("c")));
        assertEquals(JoinOutcome.ROOM_FULL, resume(registry, "r", peer("d")));
    }

    /** A clock an operator's view can be checked against: it moves only when told. */
    static final class StepClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T10:00:00Z");

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void anOperatorSeesRoomsOldestFirstAndEachParticipantWithWhenItJoinedAndItsTransport() {
        StepClock clock = new StepClock();
        RoomRegistry registry = new InMemoryRoomRegistry(3, 10, 30, clock);
        Peer a = peer("a");
        join(registry, "first", a);
        clock.advance(Duration.ofSeconds(5));
        Peer b = new Peer("b", "name-b", "u-b", "moderator", new RecordingRecipient());
        join(registry, "first", b);
        join(registry, "second", peer("c"));
        channel(a).hold();

        assertEquals(List.of(new RoomSummary("first", 2, Instant.parse("2026-12-03T10:00:00Z")),
                new RoomSummary("second", 1, Instant.parse("2026-12-03T10:00:05Z"))), registry.rooms());
        assertEquals(List.of(new Participant(new PeerInfo("a", "name-a"), Instant.parse("2026-12-03T10:00:00Z"), false),
                new Participant(new PeerInfo("b", "name-b", "u-b", "moderator"), Instant.parse("2026-12-03T10:00:05Z"), true)),
                registry.participants("first").orElseThrow());
        assertTrue(registry.participants("none").isEmpty());

        clock.advance(Duration.ofSeconds(5));
        Peer back = new Peer("a", "name-a", new RecordingRecipient());
        assertEquals(JoinOutcome.RESUMED, resume(registry, "first", back));
        assertEquals(new Participant(new PeerInfo("a", "name-a"), Instant.parse("2026-12-03T10:00:00Z"), true),
                registry.participants("first").orElseThrow().get(0), "a resumed peer keeps when it joined");
    }

    @Test
    void aRemovedPeerIsClosedWithRemovedTheRoomToldAndItsResumeRefusedUntilItsTokenHasExpired() {
        StepClock clock = new StepClock();
        RoomRegistry registry = new InMemoryRoomRegistry(3, 10, 120, clock);
        Peer a = peer("a");
        Peer b = peer("b");
        join(registry, "r", a);
        join(registry, "r", b);

        assertTrue(registry.remove("r", "a"));
        assertEquals(CloseCode.REMOVED, channel(a).closedWith);
        assertEquals(List.of(new PeerLeft("a")), channel(b).receivedOf(PeerLeft.class));
        assertEquals(List.of(new PeerInfo("b", "name-b")), registry.peers("r"));
        assertFalse(registry.remove("r", "a"), "removed once");
        assertFalse(registry.remove("elsewhere", "b"));

        registry.leave("r", a);
        assertEquals(1, channel(b).receivedOf(PeerLeft.class).size(), "its socket's close announces nothing more");
        assertEquals(JoinOutcome.REMOVED, resume(registry, "r", new Peer("a", "name-a", new RecordingRecipient())));
        clock.advance(Duration.ofSeconds(119));
        assertEquals(JoinOutcome.REMOVED, resume(registry, "r", new Peer("a", "name-a", new RecordingRecipient())),
                "refused for as long as its token lives, the grace period long past");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(JoinOutcome.JOINED, resume(registry, "r", new Peer("a", "name-a", new RecordingRecipient())),
                "after the token's life its token has expired anyway");
    }

    @Test
    void departuresAreRememberedUpToABoundSoThatJoinAndLeaveLoopsCannotGrowThem() {
        StepClock clock = new StepClock();
        RoomRegistry registry = new InMemoryRoomRegistry(3, 10, 120, clock);
        for (int i = 0; i <= InMemoryRoomRegistry.MAX_DEPARTURES; i++) {
            Peer looping = peer("p" + i);
            join(registry, "r", looping);
            registry.leave("r", looping);
        }
        assertEquals(JoinOutcome.DEPARTED, resume(registry, "r", new Peer("p0", "name-p0", new RecordingRecipient())));
        String last = "p" + InMemoryRoomRegistry.MAX_DEPARTURES;
        assertEquals(JoinOutcome.JOINED, resume(registry, "r", new Peer(last, "name-" + last, new RecordingRecipient())),
                "past the bound a departure is forgotten, as a restart forgets it");
    }

    @Test
    void aPeerThatLeftThisServerIsRefusedAResumeUntilItsTokenHasExpired() {
        StepClock clock = new StepClock();
        RoomRegistry registry = new InMemoryRoomRegistry(3, 10, 120, clock);
        Peer a = peer("a");
        Peer b = peer("b");
        join(registry, "r", a);
        join(registry, "r", b);
        channel(a).hold();
        registry.leave("r", a);
        assertEquals(List.of(new PeerLeft("a")), channel(b).receivedOf(PeerLeft.class));

        clock.advance(Duration.ofSeconds(60));
        assertEquals(JoinOutcome.DEPARTED, resume(registry, "r", new Peer("a", "name-a", new RecordingRecipient())),
                "the room was told it left: it may not come back under its old id");
        assertEquals(List.of(new PeerInfo("b", "name-b")), registry.peers("r"));
        assertEquals(JoinOutcome.STILL_CONNECTED, resume(registry, "r", new Peer("b", "name-b", new RecordingRecipient())),
                "a peer still there is untouched");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(JoinOutcome.JOINED, resume(registry, "r", new Peer("a", "name-a", new RecordingRecipient())),
                "after the token's life its token has expired anyway");
    }

    @Test
    void closingARoomRemovesEveryoneAndEndsIt() {
        RoomRegistry registry = new InMemoryRoomRegistry(3);
        Peer a = peer("a");
        Peer b = peer("b");
        Peer c = peer("c");
        join(registry, "r", a);
        join(registry, "r", b);
        join(registry, "r", c);
        channel(c).hold();

        assertEquals(3, registry.close("r"));
        for (Peer peer : List.of(a, b, c)) {
            assertEquals(CloseCode.REMOVED, channel(peer).closedWith);
        }
        assertTrue(registry.rooms().isEmpty());
        assertEquals(0, registry.roomCount());
        assertEquals(0, registry.close("r"));
        assertEquals(JoinOutcome.JOINED, registry.join("r", peer("d"), others -> new Welcome("d", "r", others, List.of())),
                "the name is free again");
    }
}
