package org.callroom.room;

import java.util.List;
import java.util.function.Function;
import org.callroom.protocol.PeerInfo;
import org.callroom.protocol.Relayed;
import org.callroom.protocol.ServerMessage;

/**
 * Who is in which room, and delivery between them. The endpoint depends only on this interface
 * so that a clustered implementation can replace {@link InMemoryRoomRegistry}.
 */
public interface RoomRegistry {

    /**
     * Adds a peer to a room, creating the room if need be. The newcomer receives {@code greeting}
     * (built from the peers already there) before any other message of the room; each of those
     * peers then receives {@code peer-joined}.
     *
     * @return {@link JoinOutcome#JOINED}; or, changing nothing, why not: the room holds as many peers as it may, or
     *         the room does not exist and the server holds as many rooms as it may
     */
    JoinOutcome join(String room, Peer newcomer, Function<List<PeerInfo>, ? extends ServerMessage> greeting);

    /** Removes a peer and tells the rest of its room; a room left empty is removed. Repeated calls do nothing. */
    void leave(String room, String peerId);

    /**
     * Delivers a message, already stamped with its sender, to the peer it is addressed to.
     *
     * @return false when no such peer is in the room
     */
    boolean relay(String room, Relayed message);

    /** The peers of a room, in no particular order; empty for a room that does not exist. */
    List<PeerInfo> peers(String room);

    /** How many rooms have at least one peer. */
    int roomCount();
}
