package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/**
 * The answer to {@link Join}: the newcomer's id, who is already in the room, and the ICE servers to use. With a join
 * token, also the newcomer's own name (when the token's replaced the one it sent), user id and role; the token to
 * resume with, the grace period and how long the token lasts; {@code resumed} only when a resume kept the peer id, and {@code iceTransportPolicy}
 * only when it is not "all". Absent fields stay absent, so older clients read it as they always have.
 */
@JsonbNillable(false)
public record Welcome(String peerId, String room, List<PeerInfo> peers, List<IceServer> iceServers, String name, String userId,
        String role, String resumeToken, Integer resumeGraceSeconds, Boolean resumed, String iceTransportPolicy,
        Integer resumeTokenSeconds) implements SignalMessage, ServerMessage {

    /** The constructor JSON-B binds, as the record has more than one. */
    @JsonbCreator
    public Welcome {
        peers = List.copyOf(peers);
        iceServers = List.copyOf(iceServers);
    }

    /** A welcome for a join without a token, resume or transport policy. */
    public Welcome(String peerId, String room, List<PeerInfo> peers, List<IceServer> iceServers) {
        this(peerId, room, peers, iceServers, null, null, null);
    }

    /** A welcome with the claims of a join token, without resume or transport policy. */
    public Welcome(String peerId, String room, List<PeerInfo> peers, List<IceServer> iceServers, String name, String userId,
            String role) {
        this(peerId, room, peers, iceServers, name, userId, role, null, null, null, null, null);
    }

    /** A welcome without {@code resumeTokenSeconds}, as servers before it sent. */
    public Welcome(String peerId, String room, List<PeerInfo> peers, List<IceServer> iceServers, String name, String userId,
            String role, String resumeToken, Integer resumeGraceSeconds, Boolean resumed, String iceTransportPolicy) {
        this(peerId, room, peers, iceServers, name, userId, role, resumeToken, resumeGraceSeconds, resumed, iceTransportPolicy,
                null);
    }
}
