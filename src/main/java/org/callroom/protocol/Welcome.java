package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/**
 * The answer to {@link Join}: the newcomer's id, who is already in the room, and the ICE servers to use. With a join
 * token, also the newcomer's own name (when the token's replaced the one it sent), user id and role; else those are
 * absent, so a welcome without a token encodes as it always has.
 */
@JsonbNillable(false)
public record Welcome(String peerId, String room, List<PeerInfo> peers, List<IceServer> iceServers, String name, String userId,
        String role) implements SignalMessage, ServerMessage {

    /** The constructor JSON-B binds, as the record has more than one. */
    @JsonbCreator
    public Welcome {
        peers = List.copyOf(peers);
        iceServers = List.copyOf(iceServers);
    }

    /** A welcome for a join without a token. */
    public Welcome(String peerId, String room, List<PeerInfo> peers, List<IceServer> iceServers) {
        this(peerId, room, peers, iceServers, null, null, null);
    }
}
