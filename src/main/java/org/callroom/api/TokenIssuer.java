package org.callroom.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.callroom.auth.AuthConfiguration;
import org.callroom.auth.JoinClaims;
import org.callroom.auth.JoinTokenVerifier;
import org.callroom.auth.TokenMint;
import org.callroom.room.RoomName;

/** Checks a token request against the rules and mints the token: {@link TokensResource}'s logic, without the container. */
final class TokenIssuer {

    /** The longest a minted token may live: a day. */
    static final long MAX_TTL_SECONDS = 24 * 3600;
    static final long DEFAULT_TTL_SECONDS = 3600;

    /** What became of a request: a token, or the HTTP status and error to answer with. */
    sealed interface Outcome {
        record Issued(IssuedToken token) implements Outcome {
        }

        record Refused(int status, ApiError error) implements Outcome {
        }
    }

    private final Optional<TokenMint> mint;

    TokenIssuer(Optional<TokenMint> mint) {
        this.mint = mint;
    }

    Outcome issue(TokenRequest request) {
        if (mint.isEmpty()) {
            return new Outcome.Refused(409, new ApiError("minting-unavailable", "tokens can be minted only with "
                    + AuthConfiguration.MODE + "=token and " + AuthConfiguration.SECRET + " set"));
        }
        if (request == null) {
            return badRequest("the body must be a JSON object with room and name");
        }
        if (request.room() == null || !(RoomName.isValid(request.room()) || JoinTokenVerifier.ANY_ROOM.equals(request.room()))) {
            return badRequest("room: " + RoomName.RULE + ", or * for every room");
        }
        long ttl = request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
        if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
            return badRequest("ttlSeconds must be 1-" + MAX_TTL_SECONDS);
        }
        JoinClaims claims;
        try {
            claims = new JoinClaims(request.name(), request.userId(), request.role() == null ? "participant" : request.role());
        } catch (IllegalArgumentException invalid) {
            return badRequest(invalid.getMessage());
        }
        Instant expiresAt = Instant.now().plusSeconds(ttl);
        return new Outcome.Issued(new IssuedToken(mint.get().mint(request.room(), claims, Duration.ofSeconds(ttl)), request.room(), expiresAt));
    }

    private static Outcome badRequest(String message) {
        return new Outcome.Refused(400, new ApiError("bad-request", message));
    }
}
