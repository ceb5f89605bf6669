package org.callroom.protocol;

/** A request the server refused; the socket stays open unless docs/protocol.md says otherwise for the code. */
public record ErrorMessage(String code, String message) implements SignalMessage, ServerMessage {

    public static ErrorMessage of(ErrorCode code, String message) {
        return new ErrorMessage(code.wireName(), message);
    }

    /**
     * A client-supplied value made safe to quote back: at most 32 characters, never half a surrogate
     * pair, and unpaired surrogates replaced (they cannot be sent as UTF-8).
     */
    public static String excerpt(String value) {
        StringBuilder excerpt = new StringBuilder();
        value.codePoints().limit(32)
                .map(codePoint -> Character.getType(codePoint) == Character.SURROGATE ? '\uFFFD' : codePoint)
                .forEach(excerpt::appendCodePoint);
        return value.codePointCount(0, value.length()) > 32 ? excerpt.append('…').toString() : excerpt.toString();
    }
}
