package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbNillable;

/** A peer as others in its room see it; userId and role come from its join token and are absent without one. */
@JsonbNillable(false)
public record PeerInfo(String peerId, String name, String userId, String role) {

    /** The constructor JSON-B binds, as the record has more than one. */
    @JsonbCreator
    public PeerInfo {
    }

    /** A peer that joined without a token. */
    public PeerInfo(String peerId, String name) {
        this(peerId, name, null, null);
    }
}
