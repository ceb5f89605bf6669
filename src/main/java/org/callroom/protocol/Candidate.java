package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbNillable;

/** One trickled ICE candidate for the addressed peer; a null {@code candidate} marks the end of candidates. */
public record Candidate(String to, String from, IceCandidate candidate) implements SignalMessage, Relayed {

    public Candidate {
        to = Fields.peerId("to", to);
    }

    /** Written out as {@code "candidate":null} at the end of candidates (Yasson reads nillable from the accessor, not the component). */
    @Override
    @JsonbNillable
    public IceCandidate candidate() {
        return candidate;
    }

    @Override
    public Candidate from(String senderId) {
        return new Candidate(to, senderId, candidate);
    }
}
