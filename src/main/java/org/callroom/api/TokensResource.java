package org.callroom.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.callroom.auth.AuthConfiguration;

/** Mints join tokens, so that a portal back end needs no JWT library of its own. */
@Path("tokens")
@RequestScoped
public class TokensResource {

    @Inject
    AuthConfiguration auth;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response mint(TokenRequest request) {
        TokenIssuer.Outcome outcome = new TokenIssuer(auth.mint()).issue(request);
        if (outcome instanceof TokenIssuer.Outcome.Refused refused) {
            return refused.error().toResponse(refused.status());
        }
        return Response.ok(((TokenIssuer.Outcome.Issued) outcome).token()).build();
    }
}
