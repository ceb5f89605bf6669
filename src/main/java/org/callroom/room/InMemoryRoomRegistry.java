package org.callroom.room;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.PeerInfo;
import org.callroom.protocol.PeerJoined;
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.Relayed;
import org.callroom.protocol.ServerMessage;
import org.callroom.storage.ServerData;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The single-node registry. Joins and leaves of one room are serialized by
 * {@link ConcurrentHashMap#compute} on that room's key only, so rooms never wait for each other
 * and relays, which only read, take no lock at all.
 */
@ApplicationScoped
public class InMemoryRoomRegistry implements RoomRegistry {

    public static final int MAX_CAPACITY = 64;

    /**
     * How long a removal bans a user id that no token's expiry bounds (a container principal, a peer back by a resume):
     * as long as the longest token the admin API mints.
     */
    public static final Duration IDENTITY_BAN = Duration.ofHours(24);

    public static final String BANS_FILE = "callroom.bans.file";

    /**
     * A room's peers by id, when each joined, and the token each joined with (kept across resumes, for a removal to
     * ban); the maps are only changed inside compute() on the room's key.
     */
    private record Room(Instant createdAt, Map<String, Peer> peers, Map<String, Instant> joinedAt, Map<String, JoinPass> passes) {
        Room(Instant createdAt) {
            this(createdAt, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    /** Room name to the room; relays read it without a lock. */
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    /** What removals banned from each room: neither a join nor a resume of it is let in. */
    private final BanList bans;

    /**
     * Peers that left this living server (by {@code leave}, or when their grace period ended or their place was lost),
     * until their resume tokens have expired, with what a late resume of each is told: the room was told they left, so
     * they must join afresh, not slip back under the old id. In memory only: a restart forgets nobody's place.
     */
    private final ConcurrentHashMap<BanList.Key, Departure> departed = new ConcurrentHashMap<>();

    private record Departure(Instant until, JoinOutcome outcome) {
    }

    /**
     * Departures kept at most: a client looping join and leave could otherwise grow the map for a whole token life.
     * Past it a departure is not remembered, and a late resume of it may take its old id back, as after a restart.
     */
    static final int MAX_DEPARTURES = 100_000;

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
        this.bans = null;
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
            @ConfigProperty(name = "callroom.resume.token-seconds", defaultValue = "300") int tokenSeconds,
            @ConfigProperty(name = BANS_FILE) Optional<String> bansFile,
            @ConfigProperty(name = "callroom.resume.key-file") Optional<String> keyFile) {
        this(capacity, maxRooms, tokenSeconds, Clock.systemUTC(), BanList.load(bansFile(bansFile, keyFile, systemProperties()), Clock.systemUTC()));
    }

    /** With the clock that stamps rooms, joins and removals, and bans a restart forgets. */
    public InMemoryRoomRegistry(int capacity, int maxRooms, int tokenSeconds, Clock clock) {
        this(capacity, maxRooms, tokenSeconds, clock, BanList.inMemory(clock));
    }

    /** With the clock that stamps rooms, joins and removals, and these bans. */
    /** {@code tokenSeconds} is how long a resume token lives. */
    public InMemoryRoomRegistry(int capacity, int maxRooms, int tokenSeconds, Clock clock, BanList bans) {
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
        this.bans = bans;
    }

    /**
     * {@code callroom.bans.file}; else beside the resume key file when {@code callroom.resume.key-file} names one; else
     * in the server's data directory, as the resume key.
     */
    static Path bansFile(Optional<String> bansFile, Optional<String> keyFile, Map<String, String> system) {
        Optional<Path> configured = bansFile.map(String::strip).filter(path -> !path.isEmpty()).map(Path::of);
        if (configured.isPresent()) {
            return configured.get();
        }
        return keyFile.map(String::strip).filter(path -> !path.isEmpty())
                .map(path -> Path.of(path).toAbsolutePath().resolveSibling("callroom-bans.json"))
                .orElseGet(() -> ServerData.file(system, "bans.json"));
    }

    private static Map<String, String> systemProperties() {
        return System.getProperties().stringPropertyNames().stream()
                .collect(Collectors.toMap(Function.identity(), System::getProperty));
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
        if (bans.banned(banKeys(room, newcomer.id(), newcomer.userId(), newcomer.pass()))) {
            return resuming ? JoinOutcome.REMOVED : JoinOutcome.BANNED;
        }
        JoinOutcome departure = resuming ? departure(room, newcomer.id()) : null;
        if (departure != null) {
            return departure;
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
                    current.passes().remove(kept.id());
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
            current.passes().put(newcomer.id(), newcomer.pass());
            outcome[0] = JoinOutcome.JOINED;
            return current;
        });
        if (outcome[0] == JoinOutcome.JOINED) {
            PeerJoined announcement = PeerJoined.of(newcomer.info());
            others.forEach(peer -> peer.recipient().send(announcement));
        } else if (lost[0] != null) {
            rememberDeparture(room, lost[0].id(), JoinOutcome.DEPARTED);
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
        leave(room, peer, JoinOutcome.DEPARTED);
    }

    @Override
    public void leaveForGood(String room, Peer peer) {
        leave(room, peer, JoinOutcome.LEFT);
    }

    private void leave(String room, Peer peer, JoinOutcome lateResume) {
        List<Peer> remaining = new ArrayList<>();
        if (removeFrom(room, peer.id(), peer::equals, remaining) != null) {
            rememberDeparture(room, peer.id(), lateResume);
            announceLeft(peer.id(), remaining);
        }
    }

    @Override
    public boolean remove(String room, String peerId) {
        return removeOne(room, peerId, true);
    }

    /** Removes a peer; {@code ban} bans its token and user id too, else only a resume of it is refused. */
    private boolean removeOne(String room, String peerId, boolean ban) {
        List<Peer> remaining = new ArrayList<>();
        JoinPass[] pass = {JoinPass.NONE};
        Peer gone = removeFrom(room, peerId, candidate -> true, remaining, pass);
        if (gone == null) {
            return false;
        }
        Instant resumable = clock.instant().plus(tokenLife);
        Map<BanList.Key, Instant> banned = new HashMap<>();
        if (ban) {
            // The token is refused until the verifier would refuse it anyway; the user as long, or a fixed bound.
            Instant until = pass[0].acceptedUntil() != null ? pass[0].acceptedUntil() : clock.instant().plus(IDENTITY_BAN);
            banKeys(room, null, gone.userId(), pass[0]).forEach(key -> banned.put(key, until));
        }
        // A resume token names the peer id (and its user id, banned above) and lives for tokenLife after its last refresh.
        banned.put(new BanList.Key(room, BanList.Kind.PEER, peerId), resumable);
        bans.ban(banned);
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
        int count = 0;
        for (String peerId : List.copyOf(closing.peers().keySet())) {
            if (removeOne(room, peerId, false)) {
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
        return removeFrom(room, peerId, which, remaining, new JoinPass[1]);
    }

    /** As above, putting the token the removed peer joined with in {@code pass}. */
    private Peer removeFrom(String room, String peerId, Predicate<Peer> which, List<Peer> remaining, JoinPass[] pass) {
        Peer[] gone = {null};
        rooms.computeIfPresent(room, (name, current) -> {
            Peer peer = current.peers().get(peerId);
            if (peer != null && which.test(peer) && current.peers().remove(peerId, peer)) {
                current.joinedAt().remove(peerId);
                JoinPass joined = current.passes().remove(peerId);
                pass[0] = joined != null ? joined : peer.pass();
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

    /** What a ban in {@code room} may name of a peer; null parts are left out. */
    private static List<BanList.Key> banKeys(String room, String peerId, String userId, JoinPass pass) {
        List<BanList.Key> keys = new ArrayList<>(3);
        if (peerId != null) {
            keys.add(new BanList.Key(room, BanList.Kind.PEER, peerId));
        }
        if (userId != null) {
            keys.add(new BanList.Key(room, BanList.Kind.USER, userId));
        }
        if (pass.tokenId() != null) {
            keys.add(new BanList.Key(room, BanList.Kind.TOKEN, pass.tokenId()));
        }
        return keys;
    }

    /** What a resume of a peer that left this server is told, or null if it did not leave (or long enough ago). */
    private JoinOutcome departure(String room, String peerId) {
        Departure departure = departed.get(new BanList.Key(room, BanList.Kind.PEER, peerId));
        return departure != null && clock.instant().isBefore(departure.until()) ? departure.outcome() : null;
    }

    /** Remembers a peer the room was told left; pruned at most once a second, so a burst of leaves stays cheap. */
    private void rememberDeparture(String room, String peerId, JoinOutcome lateResume) {
        Instant now = clock.instant();
        Instant due = nextDeparturePrune;
        if (!now.isBefore(due)) {
            nextDeparturePrune = now.plusSeconds(1);
            departed.values().removeIf(departure -> !now.isBefore(departure.until()));
        }
        if (departed.size() < MAX_DEPARTURES) {
            departed.put(new BanList.Key(room, BanList.Kind.PEER, peerId), new Departure(now.plus(tokenLife), lateResume));
        }
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
