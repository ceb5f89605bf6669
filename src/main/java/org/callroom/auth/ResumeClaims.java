package org.callroom.auth;

import java.time.Instant;

/**
 * What a valid resume token says: the peer id to come back as, the claims it first joined with, and the id ({@code jti})
 * and last accepted instant of the join token it was admitted with, null when unknown, so that a removal after a
 * restart still bans that token.
 */
public record ResumeClaims(String peerId, JoinClaims claims, String joinTokenId, Instant joinTokenUntil) {

    /** A peer admitted without a join token, or with one that had no id. */
    public ResumeClaims(String peerId, JoinClaims claims) {
        this(peerId, claims, null, null);
    }
}
