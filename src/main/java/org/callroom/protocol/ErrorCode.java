package org.callroom.protocol;

/** The {@code code} values of an {@code error} message; docs/protocol.md says what a client does with each. */
public enum ErrorCode {
    /** Not JSON, not an object, a field missing or invalid, or a second join. */
    BAD_MESSAGE("bad-message"),
    /** A {@code type} this server does not accept from clients. */
    UNKNOWN_TYPE("unknown-type"),
    /** Anything but {@code join} before the socket has joined. */
    NOT_JOINED("not-joined"),
    /** {@code to} names no other peer of this room. */
    UNKNOWN_PEER("unknown-peer"),
    /** The room has as many peers as it may hold; the server closes the socket after this error. */
    ROOM_FULL("room-full"),
    /** Join refused: no token, or one that is invalid, expired or for another room; the server closes with 1008 after it. */
    UNAUTHORIZED("unauthorized"),
    /** The socket sent frames faster than its rate limit; the frame was dropped. */
    RATE_LIMITED("rate-limited"),
    /** The server holds as many rooms as it may; the server closes with 1013 after it. */
    SERVER_BUSY("server-busy"),
    /** A join's resume token is forged, expired or for another room, or its peer is still connected: join afresh. */
    RESUME_REFUSED("resume-refused"),
    /** A moderator's message ({@code remove}, {@code mute}) from a peer whose role is not moderator. */
    FORBIDDEN("forbidden"),
    /** Join refused: a moderator or the operator removed this token or user from the room; the server closes with 1008 after it. */
    BANNED("banned");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
