package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/**
 * Every frame on the signaling socket: a JSON object whose {@code type} names the record below.
 * The aliases are the wire contract of docs/protocol.md; add types, never rename or remove one.
 */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "join", type = Join.class),
        @JsonbSubtype(alias = "offer", type = Offer.class),
        @JsonbSubtype(alias = "answer", type = Answer.class),
        @JsonbSubtype(alias = "candidate", type = Candidate.class),
        @JsonbSubtype(alias = "leave", type = Leave.class),
        @JsonbSubtype(alias = "ping", type = Ping.class),
        @JsonbSubtype(alias = "remove", type = Remove.class),
        @JsonbSubtype(alias = "mute", type = Mute.class),
        @JsonbSubtype(alias = "welcome", type = Welcome.class),
        @JsonbSubtype(alias = "peer-joined", type = PeerJoined.class),
        @JsonbSubtype(alias = "peer-left", type = PeerLeft.class),
        @JsonbSubtype(alias = "error", type = ErrorMessage.class),
        @JsonbSubtype(alias = "pong", type = Pong.class)
})
// Yasson rejects a record that reaches @JsonbTypeInfo through two interfaces, so the
// role interfaces ClientMessage and ServerMessage deliberately do not extend this one.
public sealed interface SignalMessage
        permits Join, Leave, Ping, Remove, Mute, Offer, Answer, Candidate, Welcome, PeerJoined, PeerLeft, ErrorMessage, Pong {
}
