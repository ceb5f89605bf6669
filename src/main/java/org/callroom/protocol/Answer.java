package org.callroom.protocol;

/** An SDP answer for the addressed peer. */
public record Answer(String to, String from, String sdp) implements SignalMessage, SessionDescription {

    public Answer {
        to = Fields.peerId("to", to);
        sdp = Fields.sdp(sdp);
    }

    @Override
    public Answer from(String senderId) {
        return new Answer(to, senderId, sdp);
    }
}
