package org.callroom.protocol;

/** An SDP offer for the addressed peer. */
public record Offer(String to, String from, String sdp) implements SignalMessage, SessionDescription {

    public Offer {
        to = Fields.peerId("to", to);
        sdp = Fields.sdp(sdp);
    }

    @Override
    public Offer from(String senderId) {
        return new Offer(to, senderId, sdp);
    }
}
