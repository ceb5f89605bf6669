package org.callroom.api;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure the API does not answer itself becomes an {@link ApiError} body: a code to act on, never a stack trace. */
@Provider
public class ErrorResponses implements ExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class.getName());

    @Override
    public Response toResponse(RuntimeException failure) {
        if (failure instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return ApiError.response(status, codeFor(status.getStatusCode()), status.getReasonPhrase());
        }
        // Jersey and RESTEasy report a body JSON-B cannot read in either of these.
        if (failure instanceof ProcessingException || failure instanceof JsonbException || failure.getCause() instanceof JsonbException) {
            return ApiError.response(Response.Status.BAD_REQUEST, "bad-request", "the body is not the JSON object this operation takes");
        }
        LOG.log(Level.WARNING, "event=api-failure", failure);
        return ApiError.response(Response.Status.INTERNAL_SERVER_ERROR, "internal-error", "the server failed; its log says why");
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "request-refused";
        };
    }
}
