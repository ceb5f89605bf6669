package org.callroom.auth;

/** What a valid resume token says: the peer id to come back as, and the claims it first joined with. */
public record ResumeClaims(String peerId, JoinClaims claims) {
}
