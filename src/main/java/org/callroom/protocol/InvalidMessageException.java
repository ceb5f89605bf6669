package org.callroom.protocol;

/** A frame the server refuses, with the error code the client is told. */
public final class InvalidMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;

    public InvalidMessageException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorMessage toErrorMessage() {
        return ErrorMessage.of(code, getMessage());
    }
}
