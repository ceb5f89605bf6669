package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbNillable;

/** Sent to everyone already in the room when a peer joins it; userId and role are absent unless its join token had them. */
@JsonbNillable(false)
public record PeerJoined(String peerId, String name, String userId, String role) implements SignalMessage, ServerMessage {

    /** The constructor JSON-B binds, as the record has more than one. */
    @JsonbCreator
    public PeerJoined {
    }

    /** A peer that joined without a token. */
    public PeerJoined(String peerId, String name) {
        this(peerId, name, null, null);
    }

    /** The announcement of a peer as others see it. */
    public static PeerJoined of(PeerInfo peer) {
        return new PeerJoined(peer.peerId(), peer.name(), peer.userId(), peer.role());
    }
}
