package org.callroom.protocol;

/** A request the server refused; the socket stays open unless docs/protocol.md says otherwise for the code. */
public record ErrorMessage(String code, String message) implements SignalMessage, ServerMessage {

    public static ErrorMessage of(ErrorCode code, String message) {
        return new ErrorMessage(code.wireName(), message);
    }
}
