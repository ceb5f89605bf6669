package org.callroom.protocol;

/** One trickled ICE candidate for the addressed peer; a null {@code candidate} marks the end of candidates and is sent as {@code null}. */
public record Candidate(String to, String from, IceCandidate candidate) implements SignalMessage, Relayed {

    public Candidate {
        to = Fields.peerId("to", to);
    }

    @Override
    public Candidate from(String senderId) {
        return new Candidate(to, senderId, candidate);
    }
}
