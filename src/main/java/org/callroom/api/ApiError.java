package org.callroom.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An API error body: a code from docs/DEPLOYING.md's "Admin REST API" that a caller can act on, and a sentence for a person. */
public record ApiError(String code, String message) {

    /** A response with this status and body. */
    public static Response response(Response.StatusType status, String code, String message) {
        return new ApiError(code, message).toResponse(status.getStatusCode());
    }

    /** A response with this status and this error as its body. */
    public Response toResponse(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }
}
