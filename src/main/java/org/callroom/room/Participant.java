package org.callroom.room;

import java.time.Instant;
import org.callroom.protocol.PeerInfo;

/** A peer as an operator sees it: who it is, when it joined, and whether a socket is behind it or its place waits for a resume. */
public record Participant(PeerInfo peer, Instant joinedAt, boolean connected) {
}
