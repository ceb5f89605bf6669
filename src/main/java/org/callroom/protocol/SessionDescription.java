package org.callroom.protocol;

/** A relayed message that carries an SDP: the only kind whose size depends on what the browser wrote. */
public sealed interface SessionDescription extends Relayed permits Offer, Answer {

    String sdp();
}
