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
        List<Peer> others = new ArrayList<>();
        JoinOutcome[] outcome = {JoinOutcome.ROOM_FULL};
        rooms.compute(room, (name, peers) -> {
            if (peers == null && roomCount.incrementAndGet() > maxRooms) {
                roomCount.decrementAndGet();
                outcome[0] = JoinOutcome.TOO_MANY_ROOMS;
                return null;
            }
            Map<String, Peer> members = peers == null ? new ConcurrentHashMap<>() : peers;
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
        }
        return outcome[0];
    }

    @Override
    public void leave(String room, String peerId) {
        List<Peer> remaining = new ArrayList<>();
        boolean[] left = {false};
        rooms.computeIfPresent(room, (name, peers) -> {
            left[0] = peers.remove(peerId) != null;
            remaining.addAll(peers.values());
            if (peers.isEmpty()) {
                roomCount.decrementAndGet();
                return null;
            }
            return peers;
        });
        // Sent outside compute(): a send may close a slow peer's socket, whose close handler leaves this room again.
        if (left[0]) {
            PeerLeft announcement = new PeerLeft(peerId);
            remaining.forEach(peer -> peer.recipient().send(announcement));
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
