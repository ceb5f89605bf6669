package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.protocol.Answer;
import org.callroom.protocol.Candidate;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ErrorCode;
import org.callroom.protocol.ErrorMessage;
import org.callroom.protocol.IceCandidate;
import org.callroom.protocol.Join;
import org.callroom.protocol.Leave;
import org.callroom.protocol.Offer;
import org.callroom.protocol.PeerInfo;
import org.callroom.protocol.PeerJoined;
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.Relayed;
import org.callroom.protocol.ServerMessage;
import org.callroom.protocol.Welcome;
import org.callroom.room.InMemoryRoomRegistry;
import org.callroom.room.Mailbox;
import org.callroom.room.RecordingSocket;

/**
 * The registry and the per-socket path (rate limit, session, mailbox) against a model of who is in which room, over
 * random sequences of joins, leaves, relays, drops and floods across several rooms, each socket a real
 * {@link SignalingSockets.Socket}. After every action each socket must have received exactly what the model predicts.
 */
class RoomsModelPropertiesTest {

    private static final int ROOMS = 3;
    private static final int SOCKETS = 8;
    private static final int CAPACITY = 4;
    /** Fewer than {@link #ROOMS}, so that some joins find the server busy. */
    private static final int MAX_ROOMS = 2;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A tight limit, so that sequences of a few dozen actions reach drops and closes: 10 frames a second, 6 at once, closed after 400 ms of drops. */
    private static final double FRAMES_PER_SECOND = 10;
    private static final int BURST = 6;
    private static final long FLOOD_NANOS = 400 * MS;

    // Actions

    sealed interface Action permits JoinRoom, Relay, LeaveRoom, Drop, Flood, Garbage, Wait {
    }

    /** Opens a socket to the room if the slot has none (or a closed one), then sends join on it. */
    record JoinRoom(int socket, int room, String name) implements Action {
    }

    /** Sends an offer, answer or candidate to a target; a slot without an open socket opens one that has not joined. */
    record Relay(int socket, Target to, int kind) implements Action {
    }

    record LeaveRoom(int socket) implements Action {
    }

    /** The connection drops without a leave. */
    record Drop(int socket) implements Action {
    }

    /** Relays sent in quick succession, to run into the rate limit. */
    record Flood(int socket, Target to, int frames, int gapMillis) implements Action {
    }

    /** A frame the codec refused: it counts against the rate like any other. */
    record Garbage(int socket) implements Action {
    }

    record Wait(int millis) implements Action {
    }

    /** Whom a relay is addressed to. */
    sealed interface Target permits PeerOf, RoomMate, Unknown {
    }

    /** The peer a slot holds or last held: in the sender's room, another room, departed, the sender itself, or never there. */
    record PeerOf(int socket) implements Target {
    }

    /** One of the other peers in the sender's room now, if there is any. */
    record RoomMate(int nth) implements Target {
    }

    record Unknown(String id) implements Target {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> socket = Arbitraries.integers().between(0, SOCKETS - 1);
        Arbitrary<Target> target = Arbitraries.frequencyOf(
                Tuple.of(4, socket.map(PeerOf::new)),
                Tuple.of(4, Arbitraries.integers().between(0, CAPACITY - 1).map(RoomMate::new)),
                Tuple.of(1, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30).map(Unknown::new)));
        Arbitrary<String> names = Arbitraries.of("Ann", "Bo", "Cy", " Dee ", "Émile", "😀");
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(socket, Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 1), Tuple.of(1, 2)), names).as(JoinRoom::new)),
                Tuple.of(6, Combinators.combine(socket, target, Arbitraries.integers().between(0, 2)).as(Relay::new)),
                Tuple.of(1, socket.map(LeaveRoom::new)),
                Tuple.of(1, socket.map(Drop::new)),
                Tuple.of(1, Combinators.combine(socket, target, Arbitraries.integers().between(1, 15), Arbitraries.integers().between(0, 80))
                        .as(Flood::new)),
                Tuple.of(1, socket.map(Garbage::new)),
                Tuple.of(2, Arbitraries.integers().between(1, 1500).map(Wait::new)));
        return action.list().ofMinSize(1).ofMaxSize(50);
    }

    @Property(tries = 10_000)
    void roomsBehaveAsTheModelSays(@ForAll("actions") List<Action> actions) {
        World world = new World();
        for (Action action : actions) {
            world.apply(action);
            world.check(action);
        }
        Statistics.label("a flooder was closed").collect(world.floodClosed);
        Statistics.label("a join found the room full").collect(world.roomFull);
        Statistics.label("a join found the server busy").collect(world.serverBusy);
        Statistics.label("a relay was delivered").collect(world.delivered);
        Statistics.label("a frame was dropped").collect(world.dropped);
        // The generator must keep reaching every outcome (measured: about 10, 2, 25 and 30 %; edge cases are short lists).
        Statistics.label("a flooder was closed").coverage(check -> check.check(true).percentage(p -> p > 3));
        Statistics.label("a join found the room full").coverage(check -> check.check(true).percentage(p -> p > 0.5));
        Statistics.label("a join found the server busy").coverage(check -> check.check(true).percentage(p -> p > 5));
        Statistics.label("a relay was delivered").coverage(check -> check.check(true).percentage(p -> p > 15));
    }

    // The system under test, the model beside it, and the comparison

    /** What one socket was sent: messages, and how it was closed, in order. */
    private static final class Delivered extends RecordingSocket {
        final List<Object> received = new ArrayList<>();

        @Override
        public void send(ServerMessage message, Consumer<Throwable> completion) {
            received.add(message);
            super.send(message, completion);
        }

        @Override
        public void close(CloseCode code, String reason) {
            received.add(code);
            super.close(code, reason);
        }
    }

    /** One socket: the real parts, and what the model expects of it. */
    private static final class Slot {
        final int index;
        final String room;
        final Delivered wire;
        final SignalingSockets.Socket socket;
        /** The model: this socket's peer id while joined and once it had one, its bucket, and all it should have received. */
        String peerId;
        String joinedAs;
        RateLimit limit;
        boolean closed;
        final List<String> expected = new ArrayList<>();
        int checked;

        Slot(int index, String room, Delivered wire, SignalingSockets.Socket socket) {
            this.index = index;
            this.room = room;
            this.wire = wire;
            this.socket = socket;
        }
    }

    private static final Pattern SEQUENCE = Pattern.compile("#(\\d+)");

    private static final class World {
        final InMemoryRoomRegistry registry = new InMemoryRoomRegistry(CAPACITY, MAX_ROOMS);
        final Heartbeat heartbeat = new Heartbeat(30);
        long now;
        final Slot[] slots = new Slot[SOCKETS];
        final List<Slot> all = new ArrayList<>();
        /** The model: room to its peers (id to name), and the room each peer id ever joined. */
        final Map<String, Map<String, String>> rooms = new TreeMap<>();
        final Map<String, String> roomOf = new HashMap<>();
        final Map<String, Slot> slotOf = new HashMap<>();
        final String[] lastPeer = new String[SOCKETS];
        /** Who sent each numbered relay. */
        final Map<Integer, String> senderOf = new HashMap<>();
        int sequence;
        boolean floodClosed;
        boolean roomFull;
        boolean serverBusy;
        boolean delivered;
        boolean dropped;

        Slot open(int index, String room) {
            Slot previous = slots[index];
            if (previous != null && !previous.closed) {
                return previous;
            }
            // Built as SignalingSockets.open() builds it, with this world's clock.
            Delivered wire = new Delivered();
            Mailbox mailbox = new Mailbox(wire, SignalingSockets.MAILBOX_MESSAGES, SignalingSockets.MAILBOX_CHARS);
            // A grace period that ends at once: a dropped socket's peer leaves as soon as it drops.
            SignalingSession session = new SignalingSession(room, registry, mailbox, Sessions.ice(), JoinAuthorizer.OPEN,
                    Sessions.resumeTokens(Clock.systemUTC()), Runnable::run);
            RateLimit limit = new RateLimit(FRAMES_PER_SECOND, BURST, FLOOD_NANOS, now);
            Slot slot = new Slot(index, room, wire, new SignalingSockets.Socket(session, mailbox, limit, () -> now,
                    heartbeat.watch(wire, session::joined), heartbeat));
            // The rate limit itself is RateLimitTest's subject; here a twin of it says what the socket must do.
            slot.limit = new RateLimit(FRAMES_PER_SECOND, BURST, FLOOD_NANOS, now);
            slots[index] = slot;
            all.add(slot);
            return slot;
        }

        Slot live(int index) {
            Slot slot = slots[index];
            return slot == null || slot.closed ? null : slot;
        }

        void apply(Action action) {
            if (action instanceof JoinRoom join) {
                Slot slot = open(join.socket(), "room" + join.room());
                frame(slot, new Join(join.name()));
            } else if (action instanceof Relay relay) {
                Slot slot = open(relay.socket(), "room" + relay.socket() % ROOMS);
                frame(slot, relayed(slot, relay.to(), relay.kind()));
            } else if (action instanceof LeaveRoom leave) {
                Slot slot = live(leave.socket());
                if (slot != null) {
                    frame(slot, new Leave());
                }
            } else if (action instanceof Drop drop) {
                Slot slot = live(drop.socket());
                if (slot != null) {
                    slot.socket.closed();
                    closed(slot);
                }
            } else if (action instanceof Flood flood) {
                Slot slot = open(flood.socket(), "room" + flood.socket() % ROOMS);
                for (int i = 0; i < flood.frames() && !slot.closed; i++) {
                    frame(slot, relayed(slot, flood.to(), i % 3));
                    now += flood.gapMillis() * MS;
                }
            } else if (action instanceof Garbage garbage) {
                Slot slot = open(garbage.socket(), "room" + garbage.socket() % ROOMS);
                frameRefusedByCodec(slot);
            } else if (action instanceof Wait wait) {
                now += wait.millis() * MS;
            }
        }

        private ClientMessage relayed(Slot sender, Target target, int kind) {
            String to = target instanceof PeerOf of ? peerOf(of.socket())
                    : target instanceof RoomMate mate ? roomMate(sender, mate.nth()) : ((Unknown) target).id();
            int n = ++sequence;
            return switch (kind) {
                case 0 -> new Offer(to, "forged", "v=0 #" + n);
                case 1 -> new Answer(to, null, "v=0 #" + n);
                default -> new Candidate(to, null, new IceCandidate("candidate:#" + n, "0", 0, null));
            };
        }

        private String roomMate(Slot sender, int nth) {
            List<String> others = rooms.getOrDefault(sender.room, Map.of()).keySet().stream().filter(id -> !id.equals(sender.peerId)).toList();
            return others.isEmpty() ? "nobody" : others.get(nth % others.size());
        }

        private String peerOf(int index) {
            Slot slot = slots[index];
            if (slot != null && slot.peerId != null) {
                return slot.peerId;
            }
            return lastPeer[index] != null ? lastPeer[index] : "never-joined-" + index;
        }

        /** One frame through the real socket, and what the model predicts it does. */
        private void frame(Slot slot, ClientMessage message) {
            RateLimit.Verdict verdict = predictVerdict(slot);
            if (slot.socket.admit()) {
                slot.socket.receive(message);
            }
            if (verdict != RateLimit.Verdict.ADMIT) {
                rateLimited(slot, verdict);
            } else if (message instanceof Join join) {
                join(slot, join);
            } else if (slot.peerId == null) {
                slot.expected.add("error not-joined");
            } else if (message instanceof Relayed relayed) {
                relay(slot, relayed);
            } else if (message instanceof Leave) {
                depart(slot);
                slot.expected.add("close NORMAL");
            }
            containerCloses(slot);
        }

        private void frameRefusedByCodec(Slot slot) {
            RateLimit.Verdict verdict = predictVerdict(slot);
            if (slot.socket.admit()) {
                slot.socket.refuse(ErrorMessage.of(ErrorCode.BAD_MESSAGE, "not valid JSON"));
            }
            if (verdict != RateLimit.Verdict.ADMIT) {
                rateLimited(slot, verdict);
            } else {
                slot.expected.add("error bad-message");
            }
            containerCloses(slot);
        }

        private RateLimit.Verdict predictVerdict(Slot slot) {
            return slot.limit.admit(now);
        }

        private void rateLimited(Slot slot, RateLimit.Verdict verdict) {
            dropped = true;
            slot.expected.add("error rate-limited");
            if (verdict == RateLimit.Verdict.CLOSE) {
                floodClosed = true;
                slot.expected.add("close POLICY_VIOLATION");
            }
        }

        private void join(Slot slot, Join join) {
            if (slot.peerId != null) {
                slot.expected.add("error bad-message");
                return;
            }
            Map<String, String> peers = rooms.get(slot.room);
            if (peers == null && rooms.size() >= MAX_ROOMS) {
                serverBusy = true;
                slot.expected.add("error server-busy");
                slot.expected.add("close TRY_AGAIN_LATER");
                return;
            }
            if (peers != null && peers.size() >= CAPACITY) {
                roomFull = true;
                slot.expected.add("error room-full");
                slot.expected.add("close POLICY_VIOLATION");
                return;
            }
            // The id is the server's to choose: the model takes it from the welcome, which check() then compares.
            String id = slot.wire.received.stream().skip(slot.checked).filter(Welcome.class::isInstance).map(Welcome.class::cast)
                    .map(Welcome::peerId).findFirst().orElse("(no welcome)");
            assertFalse(roomOf.containsKey(id), "peer id " + id + " was issued twice");
            Map<String, String> room = rooms.computeIfAbsent(slot.room, r -> new LinkedHashMap<>());
            slot.expected.add(welcome(room));
            String name = join.name();
            for (String other : room.keySet()) {
                slotOf.get(other).expected.add("peer-joined " + id + " " + name);
            }
            room.put(id, name);
            roomOf.put(id, slot.room);
            slotOf.put(id, slot);
            slot.peerId = id;
            slot.joinedAs = id;
            lastPeer[slot.index] = id;
        }

        private void relay(Slot slot, Relayed message) {
            String to = message.to();
            Map<String, String> room = rooms.get(slot.room);
            senderOf.put(sequenceOf(message), slot.peerId);
            if (to.equals(slot.peerId) || !room.containsKey(to)) {
                slot.expected.add("error unknown-peer");
            } else {
                delivered = true;
                slotOf.get(to).expected.add(describe(message.from(slot.peerId)));
            }
        }

        /** The peer leaves its room: everyone still there is told once; an empty room is gone. */
        private void depart(Slot slot) {
            if (slot.peerId == null) {
                return;
            }
            Map<String, String> room = rooms.get(slot.room);
            room.remove(slot.peerId);
            for (String other : room.keySet()) {
                slotOf.get(other).expected.add("peer-left " + slot.peerId);
            }
            if (room.isEmpty()) {
                rooms.remove(slot.room);
            }
            slot.peerId = null;
        }

        /** The container calls the close handler once the server has closed a socket. */
        private void containerCloses(Slot slot) {
            if (!slot.closed && slot.wire.closedWith != null) {
                slot.socket.closed();
                closed(slot);
            }
        }

        private void closed(Slot slot) {
            depart(slot);
            slot.closed = true;
        }

        /** Every invariant, after every action; the last check is that each socket got exactly what the model predicts. */
        void check(Action after) {
            String context = " (after " + after + ")";
            for (Slot slot : all) {
                List<Object> fresh = slot.wire.received.subList(slot.checked, slot.wire.received.size());
                for (Object item : fresh) {
                    if (item instanceof ServerMessage message) {
                        nothingCrossesRooms(slot, message, context);
                        onlyTheAddresseeGetsARelay(slot, message, context);
                    }
                }
            }
            for (Slot slot : all) {
                eachSendersOrderIsKept(slot, context);
                departuresAreAnnouncedOnce(slot, context);
                theFirstMessageIsTheWelcome(slot, context);
            }
            theRegistryMatchesTheModel(context);
            for (Slot slot : all) {
                List<String> actual = slot.wire.received.stream().skip(slot.checked).map(World::describe).toList();
                List<String> expected = slot.expected;
                assertEquals(expected, actual, "socket " + slot.index + " in " + slot.room + context);
                slot.checked = slot.wire.received.size();
                expected.clear();
            }
        }

        private void nothingCrossesRooms(Slot slot, ServerMessage message, String context) {
            for (String id : peerIdsIn(message)) {
                String room = roomOf.get(id);
                assertEquals(slot.room, room, "socket " + slot.index + " of " + slot.room + " was sent " + describe(message)
                        + ", which names peer " + id + " of " + room + context);
            }
        }

        private void onlyTheAddresseeGetsARelay(Slot slot, ServerMessage message, String context) {
            if (message instanceof Relayed relayed) {
                assertEquals(relayed.to(), slot.joinedAs, "socket " + slot.index + " was sent a relay for another peer: " + relayed + context);
                assertEquals(senderOf.get(sequenceOf(relayed)), relayed.from(), "relay not stamped with its sender: " + relayed + context);
            }
        }

        private void eachSendersOrderIsKept(Slot slot, String context) {
            Map<String, Integer> last = new HashMap<>();
            for (Object item : slot.wire.received) {
                if (item instanceof Relayed relayed) {
                    int n = sequenceOf(relayed);
                    Integer before = last.put(relayed.from(), n);
                    assertTrue(before == null || before < n, "socket " + slot.index + " got relay #" + n + " from " + relayed.from()
                            + " after #" + before + context);
                }
            }
        }

        private void departuresAreAnnouncedOnce(Slot slot, String context) {
            Map<String, Long> announced = slot.wire.received.stream().filter(PeerLeft.class::isInstance).map(PeerLeft.class::cast)
                    .collect(Collectors.groupingBy(PeerLeft::peerId, Collectors.counting()));
            announced.forEach((id, times) -> {
                assertTrue(roomOf.containsKey(id), "peer-left for " + id + ", which never joined" + context);
                assertEquals(1, times, "socket " + slot.index + " was told " + times + " times that " + id + " left" + context);
            });
        }

        /** Before joining a socket is only told of its errors; from the room, the welcome comes first. */
        private void theFirstMessageIsTheWelcome(Slot slot, String context) {
            if (slot.joinedAs != null) {
                Object first = slot.wire.received.stream().filter(item -> !(item instanceof ErrorMessage)).findFirst().orElse(null);
                assertInstanceOf(Welcome.class, first, "the first message from the room to socket " + slot.index + context);
            }
        }

        private void theRegistryMatchesTheModel(String context) {
            assertEquals(rooms.size(), registry.roomCount(), "rooms " + rooms.keySet() + context);
            for (int r = 0; r < ROOMS; r++) {
                String room = "room" + r;
                Map<String, String> model = rooms.getOrDefault(room, Map.of());
                Map<String, String> actual = registry.peers(room).stream().collect(Collectors.toMap(PeerInfo::peerId, PeerInfo::name));
                assertEquals(model, actual, "peers of " + room + context);
            }
        }

        private static List<String> peerIdsIn(ServerMessage message) {
            if (message instanceof Welcome welcome) {
                List<String> ids = new ArrayList<>(welcome.peers().stream().map(PeerInfo::peerId).toList());
                ids.add(welcome.peerId());
                return ids;
            } else if (message instanceof PeerJoined joined) {
                return List.of(joined.peerId());
            } else if (message instanceof PeerLeft left) {
                return List.of(left.peerId());
            } else if (message instanceof Relayed relayed) {
                return List.of(relayed.from(), relayed.to());
            }
            return List.of();
        }

        private static int sequenceOf(Relayed message) {
            String text = message instanceof Offer offer ? offer.sdp()
                    : message instanceof Answer answer ? answer.sdp() : ((Candidate) message).candidate().candidate();
            Matcher matcher = SEQUENCE.matcher(text);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : fail("no sequence number in " + message);
        }

        private static String welcome(Map<String, String> peers) {
            return "welcome " + new TreeMap<>(peers);
        }

        private static String describe(Object item) {
            if (item instanceof CloseCode code) {
                return "close " + code;
            } else if (item instanceof Welcome welcome) {
                return welcome(welcome.peers().stream().collect(Collectors.toMap(PeerInfo::peerId, PeerInfo::name)));
            } else if (item instanceof ErrorMessage error) {
                return "error " + error.code();
            } else if (item instanceof PeerJoined joined) {
                return "peer-joined " + joined.peerId() + " " + joined.name();
            } else if (item instanceof PeerLeft left) {
                return "peer-left " + left.peerId();
            }
            return String.valueOf(item);
        }
    }
}
