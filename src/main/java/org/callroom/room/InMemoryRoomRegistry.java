package org.callroom.room;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.PeerInfo;
import org.callroom.protocol.PeerJoined;
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.Relayed;
import org.callroom.protocol.ServerMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The single-node registry. Joins and leaves of one room are serialized by
 * {@link ConcurrentHashMap#compute} on that room's key only, so rooms never wait for each other
 * and relays, which only read, take no lock at all.
 */
@ApplicationScoped
public class InMemoryRoomRegistry implements RoomRegistry {

    public static final int MAX_CAPACITY = 64;

    /** A room's peers by id, and when each joined; both maps are only changed inside compute() on the room's key. */
    private record Room(Instant createdAt, Map<String, Peer> peers, Map<String, Instant> joinedAt) {
        Room(Instant createdAt) {
            this(createdAt, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    /** Room name to the room; relays read it without a lock. */
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    /**
     * Peers removed by a moderator or an operator, until their resume tokens have expired: a removed page that tries a
     * resume anyway is refused instead of being let back in under its old id. Pruned on every removal.
     */
    private final ConcurrentHashMap<String, Instant> removed = new ConcurrentHashMap<>();

    /**
     * Peers that left this living server (by {@code leave}, or when their grace period ended), until their resume tokens
     * have expired: the room was told they left, so a late resume must join afresh, not slip back under the old id.
     */
    private final ConcurrentHashMap<String, Instant> departed = new ConcurrentHashMap<>();

    /** When {@link #departed} is next pruned; a race only prunes twice. */
    private volatile Instant nextDeparturePrune = Instant.MIN;

    /** Rooms that exist, counted apart from the map so that the cap holds exactly under concurrent creation. */
    private final AtomicInteger roomCount = new AtomicInteger();

    private final int capacity;
    private final int maxRooms;
    private final Duration tokenLife;
    private final Clock clock;

    /** For the CDI proxy only. */
    protected InMemoryRoomRegistry() {
        this.capacity = 0;
        this.maxRooms = 0;
        this.tokenLife = Duration.ZERO;
        this.clock = Clock.systemUTC();
    }

    public InMemoryRoomRegistry(int capacity) {
        this(capacity, Integer.MAX_VALUE);
    }

    public InMemoryRoomRegistry(int capacity, int maxRooms) {
        this(capacity, maxRooms, 300, Clock.systemUTC());
    }

    @Inject
    public InMemoryRoomRegistry(@ConfigProperty(name = "callroom.room.capacity", defaultValue = "2") int capacity,
            @ConfigProperty(name = "callroom.limits.rooms", defaultValue = "5000") int maxRooms,
            @ConfigProperty(name = "callroom.resume.token-seconds", defaultValue = "300") int tokenSeconds) {
        this(capacity, maxRooms, tokenSeconds, Clock.systemUTC());
    }

    /** With the clock that stamps rooms, joins and removals; {@code tokenSeconds} is how long a resume token lives. */
    public InMemoryRoomRegistry(int capacity, int maxRooms, int tokenSeconds, Clock clock) {
        if (capacity < 2 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("callroom.room.capacity must be 2-" + MAX_CAPACITY + ", was " + capacity);
        }
        if (maxRooms < 1) {
            throw new IllegalArgumentException("callroom.limits.rooms must be at least 1, was " + maxRooms);
        }
        this.capacity = capacity;
        this.maxRooms = maxRooms;
        // A resume token lives this long after its last refresh; remembering a removal that long outlives it.
        this.tokenLife = Duration.ofSeconds(Math.max(1, tokenSeconds));
        this.clock = clock;
    }

    /** Created at deployment, so a bad capacity fails the deployment instead of the first join. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
        // Being called is the point: CDI has constructed the bean and checked its configuration.
    }

    @Override
    public JoinOutcome join(String room, Peer newcomer, Function<List<PeerInfo>, ? extends ServerMessage> greeting) {
        return enter(room, newcomer, greeting, false);
    }

    @Override
    public JoinOutcome resume(String room, Peer returning, Function<List<PeerInfo>, ? extends ServerMessage> greeting) {
        return enter(room, returning, greeting, true);
    }

    private JoinOutcome enter(String room, Peer newcomer, Function<List<PeerInfo>, ? extends ServerMessage> greeting,
            boolean resuming) {
        if (resuming && wasRemoved(newcomer.id())) {
            return JoinOutcome.REMOVED;
        }
        if (resuming && hasDeparted(newcomer.id())) {
            return JoinOutcome.DEPARTED;
        }
        List<Peer> others = new ArrayList<>();
        JoinOutcome[] outcome = {JoinOutcome.ROOM_FULL};
        Peer[] lost = {null};
        rooms.compute(room, (name, existing) -> {
            if (existing == null && roomCount.incrementAndGet() > maxRooms) {
                roomCount.decrementAndGet();
                outcome[0] = JoinOutcome.TOO_MANY_ROOMS;
                return null;
            }
            Room current = existing == null ? new Room(clock.instant()) : existing;
            Map<String, Peer> members = current.peers();
            Peer kept = resuming ? members.get(newcomer.id()) : null;
            if (kept != null) {
                outcome[0] = takeOver(members, kept, newcomer, greeting);
                if (outcome[0] == JoinOutcome.PLACE_LOST) {
                    current.joinedAt().remove(kept.id());
                    lost[0] = kept;
                    others.addAll(members.values());
                    if (members.isEmpty()) {
                        roomCount.decrementAndGet();
                        return null;
                    }
                }
                return current;
            }
            if (members.size() >= capacity) {
                return existing;
            }
            others.addAll(members.values());
            // Queued while the room is held, so nobody else's message can reach the newcomer before its greeting.
            newcomer.recipient().send(greeting.apply(others.stream().map(Peer::info).toList()));
            members.put(newcomer.id(), newcomer);
            current.joinedAt().put(newcomer.id(), clock.instant());
            outcome[0] = JoinOutcome.JOINED;
            return current;
        });
        if (outcome[0] == JoinOutcome.JOINED) {
            PeerJoined announcement = PeerJoined.of(newcomer.info());
            others.forEach(peer -> peer.recipient().send(announcement));
        } else if (lost[0] != null) {
            rememberDeparture(lost[0].id());
            PeerLeft announcement = new PeerLeft(lost[0].id());
            others.forEach(peer -> peer.recipient().send(announcement));
        }
        return outcome[0];
    }

    /** Inside compute(): the returning socket takes the kept place, or the place is removed if it cannot be resumed. */
    private static JoinOutcome takeOver(Map<String, Peer> members, Peer kept, Peer returning,
            Function<List<PeerInfo>, ? extends ServerMessage> greeting) {
        if (kept.recipient().connected()) {
            return JoinOutcome.STILL_CONNECTED;
        }
        List<PeerInfo> others = members.values().stream().filter(peer -> peer != kept).map(Peer::info).toList();
        if (!kept.recipient().handOver(returning.recipient(), greeting.apply(others))) {
            members.remove(kept.id());
            return JoinOutcome.PLACE_LOST;
        }
        members.put(returning.id(), returning);
        return JoinOutcome.RESUMED;
    }

    @Override
    public void leave(String room, Peer peer) {
        List<Peer> remaining = new ArrayList<>();
        if (removeFrom(room, peer.id(), peer::equals, remaining) != null) {
            rememberDeparture(peer.id());
            announceLeft(peer.id(), remaining);
        }
    }

    @Override
    public boolean remove(String room, String peerId) {
        pruneRemovals();
        return removeOne(room, peerId);
    }

    private boolean removeOne(String room, String peerId) {
        List<Peer> remaining = new ArrayList<>();
        Peer gone = removeFrom(room, peerId, candidate -> true, remaining);
        if (gone == null) {
            return false;
        }
        removed.put(peerId, clock.instant().plus(tokenLife));
        gone.recipient().close(CloseCode.REMOVED, "removed from the call");
        announceLeft(peerId, remaining);
        return true;
    }

    @Override
    public int close(String room) {
        Room closing = rooms.get(room);
        if (closing == null) {
            return 0;
        }
        pruneRemovals();
        int count = 0;
        for (String peerId : List.copyOf(closing.peers().keySet())) {
            if (removeOne(room, peerId)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Removes the peer with this id if {@code which} accepts it, inside compute() on the room's key, putting the peers
     * left behind in {@code remaining}; a room left empty is removed.
     *
     * @return the removed peer, or null
     */
    private Peer removeFrom(String room, String peerId, Predicate<Peer> which, List<Peer> remaining) {
        Peer[] gone = {null};
        rooms.computeIfPresent(room, (name, current) -> {
            Peer peer = current.peers().get(peerId);
            if (peer != null && which.test(peer) && current.peers().remove(peerId, peer)) {
                current.joinedAt().remove(peerId);
                gone[0] = peer;
            }
            remaining.addAll(current.peers().values());
            if (current.peers().isEmpty()) {
                roomCount.decrementAndGet();
                return null;
            }
            return current;
        });
        return gone[0];
    }

    /** Sent outside compute(): a send may close a slow peer's socket, whose close handler leaves this room again. */
    private static void announceLeft(String peerId, List<Peer> remaining) {
        PeerLeft announcement = new PeerLeft(peerId);
        remaining.forEach(other -> other.recipient().send(announcement));
    }

    private boolean wasRemoved(String peerId) {
        Instant until = removed.get(peerId);
        return until != null && clock.instant().isBefore(until);
    }

    private boolean hasDeparted(String peerId) {
        Instant until = departed.get(peerId);
        return until != null && clock.instant().isBefore(until);
    }

    /** Remembers a peer the room was told left; pruned at most once a second, so a burst of leaves stays cheap. */
    private void rememberDeparture(String peerId) {
        Instant now = clock.instant();
        Instant due = nextDeparturePrune;
        if (!now.isBefore(due)) {
            nextDeparturePrune = now.plusSeconds(1);
            departed.values().removeIf(until -> !now.isBefore(until));
        }
        departed.put(peerId, now.plus(tokenLife));
    }

    private void pruneRemovals() {
        Instant now = clock.instant();
        removed.values().removeIf(until -> !now.isBefore(until));
    }

    @Override
    public boolean relay(String room, Relayed message) {
        Room current = rooms.get(room);
        Peer addressee = current == null ? null : current.peers().get(message.to());
        if (addressee == null) {
            return false;
        }
        addressee.recipient().send(message);
        return true;
    }

    @Override
    public List<PeerInfo> peers(String room) {
        Room current = rooms.get(room);
        return current == null ? List.of() : current.peers().values().stream().map(Peer::info).toList();
    }

    @Override
    public List<RoomSummary> rooms() {
        List<RoomSummary> summaries = new ArrayList<>();
        rooms.forEach((name, current) -> summaries.add(new RoomSummary(name, current.peers().size(), current.createdAt())));
        summaries.sort(Comparator.comparing(RoomSummary::createdAt).thenComparing(RoomSummary::name));
        return summaries;
    }

    @Override
    public Optional<List<Participant>> participants(String room) {
        Room current = rooms.get(room);
        if (current == null) {
            return Optional.empty();
        }
        List<Participant> participants = new ArrayList<>();
        current.peers().values().forEach(peer -> participants.add(new Participant(peer.info(),
                current.joinedAt().getOrDefault(peer.id(), current.createdAt()), peer.recipient().connected())));
        participants.sort(Comparator.comparing(Participant::joinedAt).thenComparing(participant -> participant.peer().peerId()));
        return Optional.of(participants);
    }

    @Override
    public int roomCount() {
        return rooms.size();
    }
}
