package org.callroom.protocol;

/** The WebSocket close codes the server ends a signaling socket with; docs/protocol.md says when each is sent. */
public enum CloseCode {
    /** After {@code leave}. */
    NORMAL(1000, false),
    /** The client answered no ping for three heartbeat intervals. */
    GOING_AWAY(1001, false),
    /** A binary frame: the protocol is text only. */
    UNSUPPORTED_DATA(1003, true),
    /** An invalid room name, a full room, or no {@code join} in time. */
    POLICY_VIOLATION(1008, true),
    /** A message over the frame limit. */
    MESSAGE_TOO_BIG(1009, true),
    /** Writing to the client failed. */
    INTERNAL_ERROR(1011, false),
    /** The client fell too far behind in reading. */
    TRY_AGAIN_LATER(1013, true),
    /** A moderator or an operator removed the participant from the call. */
    REMOVED(4001, false);

    private final int code;
    private final boolean refusal;

    CloseCode(int code, boolean refusal) {
        this.code = code;
        this.refusal = refusal;
    }

    /**
     * Whether a close with this number, whoever sent it, says the socket's input was refused: a new socket would meet
     * the cause again, so its peer leaves at once instead of waiting out the resume grace period.
     */
    public static boolean isRefusal(int code) {
        for (CloseCode known : values()) {
            if (known.code == code) {
                return known.refusal;
            }
        }
        return false;
    }

    /** The number sent in the close frame. */
    public int code() {
        return code;
    }
}
