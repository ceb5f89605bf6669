package org.callroom.protocol;

/** The WebSocket close codes the server ends a signaling socket with; docs/protocol.md says when each is sent. */
public enum CloseCode {
    /** After {@code leave}. */
    NORMAL(1000),
    /** The client answered no ping for three heartbeat intervals. */
    GOING_AWAY(1001),
    /** A binary frame: the protocol is text only. */
    UNSUPPORTED_DATA(1003),
    /** An invalid room name, a full room, or no {@code join} in time. */
    POLICY_VIOLATION(1008),
    /** A message over the frame limit. */
    MESSAGE_TOO_BIG(1009),
    /** Writing to the client failed. */
    INTERNAL_ERROR(1011),
    /** The client fell too far behind in reading. */
    TRY_AGAIN_LATER(1013),
    /** A moderator or an operator removed the participant from the call. */
    REMOVED(4001);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    /** The number sent in the close frame. */
    public int code() {
        return code;
    }
}
