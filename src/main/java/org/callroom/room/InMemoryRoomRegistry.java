package org.callroom.room;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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

    /** Room name to its peers by id; a room's peer map is only changed inside compute() on its key. */
    private final ConcurrentHashMap<String, Map<String, Peer>> rooms = new ConcurrentHashMap<>();

    /** Rooms that exist, counted apart from the map so that the cap holds exactly under concurrent creation. */
    private final AtomicInteger roomCount = new AtomicInteger();

    private final int capacity;
    private final int maxRooms;

    /** For the CDI proxy only. */
    protected InMemoryRoomRegistry() {
        this.capacity = 0;
        this.maxRooms = 0;
    }

    public InMemoryRoomRegistry(int capacity) {
        this(capacity, Integer.MAX_VALUE);
    }

    @Inject
    public InMemoryRoomRegistry(@ConfigProperty(name = "callroom.room.capacity", defaultValue = "2") int capacity,
            @ConfigProperty(name = "callroom.limits.rooms", defaultValue = "5000") int maxRooms) {
        if (capacity < 2 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("callroom.room.capacity must be 2-" + MAX_CAPACITY + ", was " + capacity);
        }
        if (maxRooms < 1) {
            throw new IllegalArgumentException("callroom.limits.rooms must be at least 1, was " + maxRooms);
        }
        this.capacity = capacity;
        this.maxRooms = maxRooms;
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
        List<Peer> others = new ArrayList<>();
        JoinOutcome[] outcome = {JoinOutcome.ROOM_FULL};
        Peer[] lost = {null};
        rooms.compute(room, (name, peers) -> {
            if (peers == null && roomCount.incrementAndGet() > maxRooms) {
                roomCount.decrementAndGet();
                outcome[0] = JoinOutcome.TOO_MANY_ROOMS;
                return null;
            }
            Map<String, Peer> members = peers == null ? new ConcurrentHashMap<>() : peers;
            Peer kept = resuming ? members.get(newcomer.id()) : null;
            if (kept != null) {
                outcome[0] = takeOver(members, kept, newcomer, greeting);
                if (outcome[0] == JoinOutcome.PLACE_LOST) {
                    lost[0] = kept;
                    others.addAll(members.values());
                    if (members.isEmpty()) {
                        roomCount.decrementAndGet();
                        return null;
                    }
                }
                return members;
            }
            if (members.size() >= capacity) {
                return peers;
            }
            others.addAll(members.values());
            // Queued while the room is held, so nobody else's message can reach the newcomer before its greeting.
            newcomer.recipient().send(greeting.apply(others.stream().map(Peer::info).toList()));
            members.put(newcomer.id(), newcomer);
            outcome[0] = JoinOutcome.JOINED;
            return members;
        });
        if (outcome[0] == JoinOutcome.JOINED) {
            PeerJoined announcement = PeerJoined.of(newcomer.info());
            others.forEach(peer -> peer.recipient().send(announcement));
        } else if (lost[0] != null) {
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
        boolean[] left = {false};
        rooms.computeIfPresent(room, (name, peers) -> {
            left[0] = peers.remove(peer.id(), peer);
            remaining.addAll(peers.values());
            if (peers.isEmpty()) {
                roomCount.decrementAndGet();
                return null;
            }
            return peers;
        });
        // Sent outside compute(): a send may close a slow peer's socket, whose close handler leaves this room again.
        if (left[0]) {
            PeerLeft announcement = new PeerLeft(peer.id());
            remaining.forEach(other -> other.recipient().send(announcement));
        }
    }

    @Override
    public boolean relay(String room, Relayed message) {
        Map<String, Peer> peers = rooms.get(room);
        Peer addressee = peers == null ? null : peers.get(message.to());
        if (addressee == null) {
            return false;
        }
        addressee.recipient().send(message);
        return true;
    }

    @Override
    public List<PeerInfo> peers(String room) {
        Map<String, Peer> peers = rooms.get(room);
        return peers == null ? List.of() : peers.values().stream().map(Peer::info).toList();
    }

    @Override
    public int roomCount() {
        return rooms.size();
    }
}
