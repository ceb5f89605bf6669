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
    ROOM_FULL("room-full");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
