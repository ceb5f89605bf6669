package org.callroom.room;

import java.util.List;
import java.util.Optional;
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

    /**
     * Brings back a peer by the id a resume token gave it. If the room kept its place, {@code returning} takes it over:
     * it receives {@code greeting}, then whatever waited for the peer, and the room hears nothing. If the room does not
     * know the peer (the server restarted, say), it joins as {@link #join} would, under its old id; but a peer that left
     * this server (by {@link #leave}, or when its grace period ended) is refused with {@link JoinOutcome#DEPARTED}.
     *
     * @return {@link JoinOutcome#RESUMED}, {@link JoinOutcome#JOINED}, or why not, changing nothing except for
     *         {@link JoinOutcome#PLACE_LOST}: the old place is then removed and the room told it left
     */
    JoinOutcome resume(String room, Peer returning, Function<List<PeerInfo>, ? extends ServerMessage> greeting);

    /**
     * Removes this peer, if it is still in its room as this same peer (not resumed by another socket since), and tells
     * the rest of the room; a room left empty is removed. Repeated calls do nothing.
     */
    void leave(String room, Peer peer);

    /**
     * As {@link #leave}, for a peer that said it leaves: it gave up its place, so a resume of it is refused (as
     * {@link JoinOutcome#LEFT}) while its resume token could still be valid.
     */
    void leaveForGood(String room, Peer peer);

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

    /** Every room, oldest first. */
    List<RoomSummary> rooms();

    /** A room's participants, earliest joined first; empty when there is no such room. */
    Optional<List<Participant>> participants(String room);

    /**
     * Removes a peer on a moderator's or an operator's word: its socket is closed with
     * {@link org.callroom.protocol.CloseCode#REMOVED}, the room is told it left, and it is banned from the room: a resume
     * of it is refused while its resume token could still be valid, and a join with its join token or its user id
     * ({@link JoinOutcome#BANNED}) while that token is accepted (or {@link InMemoryRoomRegistry#IDENTITY_BAN} without one).
     *
     * @return false when no such peer is in the room
     */
    boolean remove(String room, String peerId);

    /**
     * Removes every peer of a room as {@link #remove} does, which ends the room; only their resumes are refused, so
     * anyone may join the room again.
     *
     * @return how many were removed; 0 when there is no such room
     */
    int close(String room);
}
