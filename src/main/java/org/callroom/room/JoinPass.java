package org.callroom.room;

import java.time.Instant;

/**
 * The join token a peer was admitted with, as a removal bans it: its id ({@code jti}) and the last instant the server
 * accepts it; either is null when unknown (no token, a token without {@code jti}, or a peer back by a resume).
 */
public record JoinPass(String tokenId, Instant acceptedUntil) {

    /** A peer admitted without a token, or whose token is not known. */
    public static final JoinPass NONE = new JoinPass(null, null);
}
