package org.callroom.api;

import java.time.Instant;

/** A minted join token, the room it admits to, and when it expires. */
public record IssuedToken(String token, String room, Instant expiresAt) {
}
