package org.callroom.protocol;

import java.util.List;

/** The answer to {@link Join}: the newcomer's id, who is already in the room, and the ICE servers to use. */
public record Welcome(String peerId, String room, List<PeerInfo> peers, List<IceServer> iceServers) implements SignalMessage, ServerMessage {

    public Welcome {
        peers = List.copyOf(peers);
        iceServers = List.copyOf(iceServers);
    }
}
