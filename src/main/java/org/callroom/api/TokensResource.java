package org.callroom.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.callroom.auth.AuthConfiguration;
import org.callroom.auth.JoinClaims;
import org.callroom.auth.JoinTokenVerifier;
import org.callroom.auth.TokenMint;
import org.callroom.room.RoomName;

/** Mints join tokens, so that a portal back end needs no JWT library of its own. */
@Path("tokens")
@RequestScoped
public class TokensResource {

    /** The longest a minted token may live: a working day. */
    static final long MAX_TTL_SECONDS = 24 * 3600;
    static final long DEFAULT_TTL_SECONDS = 3600;

    @Inject
    AuthConfiguration auth;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response mint(TokenRequest request) {
        Optional<TokenMint> mint = auth.mint();
        if (mint.isEmpty()) {
            return ApiError.response(Response.Status.CONFLICT, "minting-unavailable", "tokens can be minted only with "
                    + AuthConfiguration.MODE + "=token and " + AuthConfiguration.SECRET + " set");
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
        String token = mint.get().mint(request.room(), claims, Duration.ofSeconds(ttl));
        return Response.ok(new IssuedToken(token, request.room(), expiresAt)).build();
    }

    private static Response badRequest(String message) {
        return ApiError.response(Response.Status.BAD_REQUEST, "bad-request", message);
    }
}
