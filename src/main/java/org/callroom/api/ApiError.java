package org.callroom.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An API error body: a code from docs/DEPLOYING.md's "Admin REST API" that a caller can act on, and a sentence for a person. */
public record ApiError(String code, String message) {

    /** A response with this status and body. */
    public static Response response(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(code, message)).build();
    }
}
