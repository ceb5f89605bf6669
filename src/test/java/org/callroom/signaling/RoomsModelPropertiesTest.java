package org.callroom.signaling;

import static org.callroom.testing.Draw.option;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.callroom.auth.JoinAuthorizer;
import org.callroom.auth.ResumeTokens;
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
import org.callroom.protocol.Ping;
import org.callroom.protocol.Pong;
import org.callroom.protocol.Relayed;
import org.callroom.protocol.ServerMessage;
import org.callroom.protocol.Welcome;
import org.callroom.room.InMemoryRoomRegistry;
import org.callroom.room.Mailbox;
import org.callroom.room.RecordingSocket;
import org.callroom.testing.Cases;
import org.callroom.testing.Draw;
import org.junit.jupiter.api.Test;

/**
 * The registry and the per-socket path (rate limit, session, mailbox, resume) against a model of who is in which room,
 * over random sequences of joins, leaves, relays, drops, floods, resumes, grace periods running out and server restarts
 * across several rooms, each socket a real {@link SignalingSockets.Socket}. After every action each socket must have
 * received exactly what the model predicts. Seeded cases ({@link Cases}), shrunk to the fewest actions that still fail;
 * docs/PROPERTIES.md has how to replay one and what broken room isolation looked like here.
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
    /** A small mailbox, so that a dropped peer's place overflows now and then; a connected one never queues, as sends complete at once. */
    private static final int MAILBOX = 6;

    // Actions

    sealed interface Action permits JoinRoom, Relay, LeaveRoom, Drop, Flood, Garbage, Wait, Resume, PingServer, GraceEnds, Restart {
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

    /**
     * Sends join with the newest resume token of the peer a slot holds or last held (a forged one if it never had one),
     * on the slot's socket, or on a new one to a room that may not be the token's.
     */
    record Resume(int socket, int tokenOf, int room) implements Action {
        /** As socket and tokenOf: the slot whose socket dropped last, if any place is still held for it. */
        static final int LAST_DROPPED = -2;
    }

    record PingServer(int socket) implements Action {
    }

    /** The nth grace period waiting to end does, whether or not its peer has come back meanwhile. */
    record GraceEnds(int nth) implements Action {
    }

    /** The server process dies and starts again: every socket is gone, the rooms are empty, the resume key is the same. */
    record Restart() implements Action {
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

    private static final int CASES = 10_000;

    /** One to 50 actions, any length as likely, weighted so that a few dozen reach every outcome below. */
    static List<Action> actions(Draw draw) {
        List<Action> actions = new ArrayList<>();
        for (int i = draw.between(1, 50); i > 0; i--) {
            actions.add(action(draw));
        }
        return actions;
    }

    private static Action action(Draw draw) {
        // Restarts are rare, as they wipe the rooms the other actions build.
        return draw.weighted(
                option(10, () -> new JoinRoom(socket(draw), draw.weighted(option(3, () -> 0), option(1, () -> 1), option(1, () -> 2)),
                        draw.pick("Ann", "Bo", "Cy", " Dee ", "Émile", "😀"))),
                option(14, () -> new Relay(socket(draw), target(draw), draw.between(0, 2))),
                option(2, () -> new LeaveRoom(socket(draw))),
                option(4, () -> new Drop(socket(draw))),
                option(2, () -> new Flood(socket(draw), target(draw), draw.betweenOrBound(1, 15), draw.betweenOrBound(0, 80))),
                option(2, () -> new Garbage(socket(draw))),
                option(4, () -> new Wait(draw.betweenOrBound(1, 1500))),
                option(8, () -> resume(draw)),
                option(2, () -> new PingServer(socket(draw))),
                option(2, () -> new GraceEnds(draw.between(0, 3))),
                option(1, Restart::new));
    }

    /** Slot 0 and the last slot more often than the others, so that some sockets see many actions in a row (floods that add up to a close). */
    private static int socket(Draw draw) {
        return draw.betweenOrBound(0, SOCKETS - 1);
    }

    private static Target target(Draw draw) {
        return draw.weighted(
                option(4, () -> new PeerOf(socket(draw))),
                option(4, () -> new RoomMate(draw.between(0, CAPACITY - 1))),
                option(1, () -> new Unknown(alphanumeric(draw))));
    }

    private static String alphanumeric(Draw draw) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = draw.between(1, 30); i > 0; i--) {
            id.append(chars.charAt(draw.between(0, chars.length() - 1)));
        }
        return id.toString();
    }

    /** Mostly the socket that dropped last, or a socket resuming its own peer, as a page does; sometimes another slot's peer, or into another room. */
    private static Action resume(Draw draw) {
        int slot = socket(draw);
        int tokenOf = draw.weighted(option(3, () -> Resume.LAST_DROPPED), option(2, () -> -1), option(1, () -> socket(draw)));
        int room = draw.weighted(option(6, () -> -1), option(1, () -> 0), option(1, () -> 1));
        return new Resume(tokenOf == Resume.LAST_DROPPED ? tokenOf : slot, tokenOf == -1 ? slot : tokenOf, room);
    }

    /**
     * The outcomes the generator must keep reaching, each with the share of cases (in %) it must pass: about half the
     * lowest share measured over 10,000 cases with two seeds (0.75, 1.4, 24, 33, 9, 1.8, 11, 8, 0.07, 83; the flood and
     * full-room shares vary most from seed to seed), and for the rare overflow at least 2 cases in 10,000. The test prints them.
     */
    private enum Outcome {
        FLOOD_CLOSED("a flooder was closed", 0.3, world -> world.floodClosed),
        ROOM_FULL("a join found the room full", 0.5, world -> world.roomFull),
        SERVER_BUSY("a join found the server busy", 12, world -> world.serverBusy),
        DELIVERED("a relay was delivered", 15, world -> world.delivered),
        RESUMED_HELD("a held place was resumed", 5, world -> world.resumedHeld),
        DELIVERED_ON_RESUME("messages waited for a resume", 1.2, world -> world.deliveredOnResume),
        RESUMED_AFTER_RESTART("a peer came back after a restart", 6, world -> world.resumedAfterRestart),
        GRACE_RAN_OUT("a grace period ran out", 4, world -> world.graceRanOut),
        HELD_OVERFLOWED("a held mailbox overflowed", 0.01, world -> world.heldOverflowed),
        RESUME_REFUSED("a resume was refused", 40, world -> world.resumeRefused);

        final String label;
        final double minPercent;
        final Predicate<World> reached;

        Outcome(String label, double minPercent, Predicate<World> reached) {
            this.label = label;
            this.minPercent = minPercent;
            this.reached = reached;
        }
    }

    @Test
    void roomsBehaveAsTheModelSays() {
        Map<Outcome, Integer> reached = new EnumMap<>(Outcome.class);
        int ran = 0;
        // Shares vary from run seed to run seed, the rare ones most: a run that falls short draws up to two more runs of
        // cases before it fails, so that only a generator that no longer reaches an outcome fails here.
        for (int run = 0; run < 3; run++) {
            int cases = Cases.of("RoomsModelPropertiesTest#roomsBehaveAsTheModelSays", CASES, RoomsModelPropertiesTest::actions)
                    .shrunkBy(Cases::shorter)
                    .check(actions -> {
                        World world = new World();
                        for (Action action : actions) {
                            world.apply(action);
                            world.check(action);
                        }
                        for (Outcome outcome : Outcome.values()) {
                            if (outcome.reached.test(world)) {
                                reached.merge(outcome, 1, Integer::sum);
                            }
                        }
                    });
            if (cases < CASES) {
                return; // A replay of one case proves nothing about shares.
            }
            ran += cases;
            if (shortOf(reached, ran).isEmpty()) {
                break;
            }
        }
        for (Outcome outcome : Outcome.values()) {
            System.out.printf("%s: %.2f%% of %d cases%n", outcome.label, share(reached, outcome, ran), ran);
        }
        assertEquals(List.of(), shortOf(reached, ran), "outcomes under their shares");
    }

    private static double share(Map<Outcome, Integer> reached, Outcome outcome, int ran) {
        return 100.0 * reached.getOrDefault(outcome, 0) / ran;
    }

    private static List<String> shortOf(Map<Outcome, Integer> reached, int ran) {
        return Arrays.stream(Outcome.values()).filter(outcome -> share(reached, outcome, ran) <= outcome.minPercent)
                .map(outcome -> outcome.label + " in " + share(reached, outcome, ran) + "% of cases, under " + outcome.minPercent + "%")
                .toList();
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
        /** The peer this socket asked to resume as, while its answer is unchecked. */
        String resumedAs;
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

    /** A dropped peer's place while its grace period runs: the socket it dropped from, and what waits for it. */
    private static final class Held {
        final Slot dropped;
        final int drop;
        final List<String> waiting = new ArrayList<>();
        boolean overflowed;

        Held(Slot dropped, int drop) {
            this.dropped = dropped;
            this.drop = drop;
        }
    }

    /** A grace period the session handed to its scheduler, for the place a drop left. */
    private record GraceTask(String peerId, int drop, Runnable leave) {
    }

    private static final class World {
        /** Replaced by a restart; the tokens' key is not, as it is kept where the server keeps its data. */
        InMemoryRoomRegistry registry = new InMemoryRoomRegistry(CAPACITY, MAX_ROOMS);
        final ResumeTokens tokens = Sessions.resumeTokens(Clock.systemUTC());
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
        /** The model of resume: each peer's name and newest token, the places held for dropped peers, the grace periods. */
        final Map<String, String> nameOf = new HashMap<>();
        final Map<String, String> tokenOf = new HashMap<>();
        final Map<String, Held> held = new HashMap<>();
        /** Peers the room was told left since the last restart: their resumes are refused. */
        final Set<String> departed = new HashSet<>();
        final List<GraceTask> graceWaiting = new ArrayList<>();
        final List<Runnable> justScheduled = new ArrayList<>();
        int drops;
        /** Whose token the resume being sent carries; null for a forged one. */
        String resumingAs;
        boolean restarted;
        int sequence;
        boolean floodClosed;
        boolean roomFull;
        boolean serverBusy;
        boolean delivered;
        boolean dropped;
        boolean resumedHeld;
        boolean deliveredOnResume;
        boolean resumedAfterRestart;
        boolean graceRanOut;
        boolean heldOverflowed;
        boolean resumeRefused;

        Slot open(int index, String room) {
            Slot previous = slots[index];
            if (previous != null && !previous.closed) {
                return previous;
            }
            // Built as SignalingSockets.open() builds it, with this world's clock.
            Delivered wire = new Delivered();
            Mailbox mailbox = new Mailbox(wire, MAILBOX, SignalingSockets.MAILBOX_CHARS);
            // Grace periods end only when a GraceEnds action says so.
            SignalingSession session = new SignalingSession(room, registry, mailbox, Sessions.ice(), JoinAuthorizer.OPEN, tokens,
                    justScheduled::add);
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
                    slot.socket.closed(1006); // What containers report for a connection that ended without a close frame.
                    dropped(slot);
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
            } else if (action instanceof Resume asked) {
                Resume resume = asked;
                if (resume.socket() == Resume.LAST_DROPPED) {
                    int last = held.values().stream().mapToInt(place -> place.drop).max().orElse(0);
                    int index = held.values().stream().filter(place -> place.drop == last).mapToInt(place -> place.dropped.index).findFirst().orElse(0);
                    resume = new Resume(index, index, resume.room());
                }
                String peer = peerOf(resume.tokenOf());
                Slot slot = live(resume.socket());
                if (slot == null) {
                    slot = open(resume.socket(), resume.room() < 0 ? roomOf.getOrDefault(peer, "room0") : "room" + resume.room());
                }
                resumingAs = tokenOf.containsKey(peer) ? peer : null;
                frame(slot, new Join(nameOf.getOrDefault(peer, "Zed"), null, tokenOf.getOrDefault(peer, "forged.resume.token")));
            } else if (action instanceof PingServer ping) {
                Slot slot = open(ping.socket(), "room" + ping.socket() % ROOMS);
                frame(slot, new Ping());
            } else if (action instanceof GraceEnds ends) {
                if (!graceWaiting.isEmpty()) {
                    GraceTask task = graceWaiting.remove(ends.nth() % graceWaiting.size());
                    task.leave().run();
                    graceEnded(task);
                }
            } else if (action instanceof Restart) {
                restart();
            }
        }

        /** A joined socket dropped: its place and mailbox are kept for the grace period the session scheduled. */
        private void dropped(Slot slot) {
            String peer = slot.peerId;
            slot.closed = true;
            if (peer == null) {
                assertTrue(justScheduled.isEmpty(), "a grace period for a socket that had not joined");
                return;
            }
            assertEquals(1, justScheduled.size(), "grace periods scheduled for one drop");
            int drop = ++drops;
            graceWaiting.add(new GraceTask(peer, drop, justScheduled.remove(0)));
            held.put(peer, new Held(slot, drop));
            slot.peerId = null;
        }

        /** Only the grace period of the drop that still holds the place removes the peer; a resumed one's does nothing. */
        private void graceEnded(GraceTask task) {
            Held place = held.get(task.peerId());
            if (place != null && place.drop == task.drop()) {
                graceRanOut = true;
                held.remove(task.peerId());
                remove(roomOf.get(task.peerId()), task.peerId());
            }
        }

        /** The process dies: nothing more reaches any socket, no grace period ends, and the new registry is empty. */
        private void restart() {
            registry = new InMemoryRoomRegistry(CAPACITY, MAX_ROOMS);
            for (Slot slot : all) {
                slot.closed = true;
                slot.peerId = null;
            }
            rooms.clear();
            held.clear();
            departed.clear();
            graceWaiting.clear();
            restarted = true;
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
            } else if (message instanceof Join join && join.resume() != null) {
                resume(slot, join);
            } else if (message instanceof Join join) {
                join(slot, join);
            } else if (message instanceof Ping) {
                slot.expected.add(slot.peerId == null ? "pong" : "pong with a token");
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
            if (refusedAsBusy(slot, peers)) {
                return;
            }
            if (refusedAsFull(slot, peers)) {
                return;
            }
            // The id is the server's to choose: the model takes it from the welcome, which check() then compares.
            String id = slot.wire.received.stream().skip(slot.checked).filter(Welcome.class::isInstance).map(Welcome.class::cast)
                    .map(Welcome::peerId).findFirst().orElse("(no welcome)");
            assertFalse(roomOf.containsKey(id), "peer id " + id + " was issued twice");
            slot.expected.add(welcome(rooms.getOrDefault(slot.room, Map.of())));
            nameOf.put(id, join.name());
            enter(slot, id);
        }

        /** The peer takes a place in the socket's room, and everyone already there is told. */
        private void enter(Slot slot, String id) {
            Map<String, String> room = rooms.computeIfAbsent(slot.room, r -> new LinkedHashMap<>());
            String name = nameOf.get(id);
            for (String other : room.keySet()) {
                deliver(other, "peer-joined " + id + " " + name);
            }
            room.put(id, name);
            roomOf.put(id, slot.room);
            slotOf.put(id, slot);
            slot.peerId = id;
            slot.joinedAs = id;
            lastPeer[slot.index] = id;
        }

        /**
         * A join with a resume token: refused if the token is not this server's for this room or its peer is still
         * connected or sent leave; else the held place is taken over with all that waited for it, or, if the room no longer
         * has the peer (its grace period ran out, or the server restarted), the peer joins again under its old id.
         */
        private void resume(Slot slot, Join join) {
            if (slot.peerId != null) {
                slot.expected.add("error bad-message");
                return;
            }
            String id = resumingAs;
            if (id == null || !slot.room.equals(roomOf.get(id)) || departed.contains(id)) {
                refusedResume(slot);
                return;
            }
            Map<String, String> peers = rooms.get(slot.room);
            if (refusedAsBusy(slot, peers)) {
                return;
            }
            Held place = held.get(id);
            if (peers != null && peers.containsKey(id) && place == null) {
                refusedResume(slot);
                return;
            }
            if (place != null) {
                held.remove(id);
                if (place.overflowed) {
                    refusedResume(slot);
                    remove(slot.room, id);
                    return;
                }
                resumedHeld = true;
                deliveredOnResume |= !place.waiting.isEmpty();
                Map<String, String> others = new TreeMap<>(peers);
                others.remove(id);
                slot.expected.add(welcome(others) + " resumed as " + id);
                slot.expected.addAll(place.waiting);
                slotOf.put(id, slot);
                slot.peerId = id;
                slot.joinedAs = id;
                slot.resumedAs = id;
                lastPeer[slot.index] = id;
                return;
            }
            if (refusedAsFull(slot, peers)) {
                return;
            }
            resumedAfterRestart |= restarted;
            slot.expected.add(welcome(rooms.getOrDefault(slot.room, Map.of())) + " resumed as " + id);
            slot.resumedAs = id;
            enter(slot, id);
        }

        /** A join or resume that would open one room too many is refused and closed; the model's rooms are unchanged. */
        private boolean refusedAsBusy(Slot slot, Map<String, String> peers) {
            if (peers == null && rooms.size() >= MAX_ROOMS) {
                serverBusy = true;
                slot.expected.add("error server-busy");
                slot.expected.add("close TRY_AGAIN_LATER");
                return true;
            }
            return false;
        }

        private boolean refusedAsFull(Slot slot, Map<String, String> peers) {
            if (peers != null && peers.size() >= CAPACITY) {
                roomFull = true;
                slot.expected.add("error room-full");
                slot.expected.add("close POLICY_VIOLATION");
                return true;
            }
            return false;
        }

        private void refusedResume(Slot slot) {
            resumeRefused = true;
            slot.expected.add("error resume-refused");
        }

        /** What the room sends a peer: to its socket, or, while it is away, into its held mailbox up to the mailbox's bound. */
        private void deliver(String peer, String message) {
            Held place = held.get(peer);
            if (place == null) {
                slotOf.get(peer).expected.add(message);
            } else if (!place.overflowed && place.waiting.size() >= MAILBOX) {
                // Too much for an absent peer: the mailbox gives up, and closes the dropped socket (which nobody reads).
                heldOverflowed = true;
                place.overflowed = true;
                place.waiting.clear();
                place.dropped.expected.add("close TRY_AGAIN_LATER");
            } else if (!place.overflowed) {
                place.waiting.add(message);
            }
        }

        private void relay(Slot slot, Relayed message) {
            String to = message.to();
            Map<String, String> room = rooms.get(slot.room);
            senderOf.put(sequenceOf(message), slot.peerId);
            if (to.equals(slot.peerId) || !room.containsKey(to)) {
                slot.expected.add("error unknown-peer");
            } else {
                delivered = true;
                deliver(to, describe(message.from(slot.peerId)));
            }
        }

        /** The peer leaves its room: everyone still there is told once; an empty room is gone. */
        private void depart(Slot slot) {
            if (slot.peerId == null) {
                return;
            }
            remove(slot.room, slot.peerId);
            slot.peerId = null;
        }

        private void remove(String roomName, String peer) {
            Map<String, String> room = rooms.get(roomName);
            room.remove(peer);
            departed.add(peer);
            for (String other : room.keySet()) {
                deliver(other, "peer-left " + peer);
            }
            if (room.isEmpty()) {
                rooms.remove(roomName);
            }
        }

        /** The container calls the close handler once the server has closed a socket. */
        private void containerCloses(Slot slot) {
            if (!slot.closed && slot.wire.closedWith != null) {
                slot.socket.closed(slot.wire.closedWith.code());
                closed(slot);
                // The server closed it, so the room learns at once: no place is held.
                assertTrue(justScheduled.isEmpty(), "a grace period after the server closed socket " + slot.index);
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
                aResumedPeerKeepsItsId(slot, context);
            }
            noMessageIsDeliveredTwice(context);
            theRegistryMatchesTheModel(context);
            for (Slot slot : all) {
                List<String> actual = slot.wire.received.stream().skip(slot.checked).map(World::describe).toList();
                List<String> expected = slot.expected;
                assertEquals(expected, actual, "socket " + slot.index + " in " + slot.room + context);
                keepTokens(slot);
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

        /** A peer is announced gone once per stay: a second peer-left needs a peer-joined (a return under its old id) between. */
        private void departuresAreAnnouncedOnce(Slot slot, String context) {
            Map<String, Boolean> gone = new HashMap<>();
            for (Object item : slot.wire.received) {
                if (item instanceof PeerLeft left) {
                    assertTrue(roomOf.containsKey(left.peerId()), "peer-left for " + left.peerId() + ", which never joined" + context);
                    Boolean before = gone.put(left.peerId(), true);
                    assertFalse(Boolean.TRUE.equals(before), "socket " + slot.index + " was told twice that " + left.peerId() + " left" + context);
                } else if (item instanceof PeerJoined joined) {
                    gone.put(joined.peerId(), false);
                }
            }
        }

        /** A resume that is answered with a welcome keeps the peer's id, and says it resumed; a fresh join never says so. */
        private void aResumedPeerKeepsItsId(Slot slot, String context) {
            for (Object item : slot.wire.received.subList(slot.checked, slot.wire.received.size())) {
                if (item instanceof Welcome welcome) {
                    if (slot.resumedAs != null) {
                        assertEquals(slot.resumedAs, welcome.peerId(), "the peer id after a resume" + context);
                        assertEquals(Boolean.TRUE, welcome.resumed(), "a resume's welcome" + context);
                    } else {
                        assertEquals(null, welcome.resumed(), "a fresh join's welcome" + context);
                    }
                }
            }
        }

        /** Every relay is numbered, and no number reaches any socket twice, whatever drops, resumes and restarts happened. */
        private void noMessageIsDeliveredTwice(String context) {
            Map<Integer, Integer> seen = new HashMap<>();
            for (Slot slot : all) {
                long welcomes = slot.wire.received.stream().filter(Welcome.class::isInstance).count();
                assertTrue(welcomes <= 1, "socket " + slot.index + " got " + welcomes + " welcomes" + context);
                for (Object item : slot.wire.received) {
                    if (item instanceof Relayed relayed) {
                        Integer before = seen.put(sequenceOf(relayed), slot.index);
                        assertEquals(null, before, "relay #" + sequenceOf(relayed) + " reached socket " + slot.index
                                + " after socket " + before + context);
                    }
                }
            }
        }

        /** The newest token each peer was given, as a client keeps it for its next resume. */
        private void keepTokens(Slot slot) {
            for (Object item : slot.wire.received.subList(slot.checked, slot.wire.received.size())) {
                if (item instanceof Welcome welcome) {
                    tokenOf.put(welcome.peerId(), welcome.resumeToken());
                } else if (item instanceof Pong pong && pong.resumeToken() != null) {
                    tokenOf.put(slot.peerId, pong.resumeToken());
                }
            }
            slot.resumedAs = null;
        }

        /** Before joining a socket is only told of its errors and answered its pings; from the room, the welcome comes first. */
        private void theFirstMessageIsTheWelcome(Slot slot, String context) {
            if (slot.joinedAs != null) {
                Object first = slot.wire.received.stream().filter(item -> !(item instanceof ErrorMessage) && !(item instanceof Pong))
                        .findFirst().orElse(null);
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
                String peers = welcome(welcome.peers().stream().collect(Collectors.toMap(PeerInfo::peerId, PeerInfo::name)));
                return Boolean.TRUE.equals(welcome.resumed()) ? peers + " resumed as " + welcome.peerId() : peers;
            } else if (item instanceof Pong pong) {
                return pong.resumeToken() == null ? "pong" : "pong with a token";
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
