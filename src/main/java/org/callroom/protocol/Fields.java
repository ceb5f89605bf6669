package org.callroom.protocol;

/** Field rules shared by the message records, so that an invalid message cannot be constructed. */
final class Fields {

    static final int MAX_PEER_ID_LENGTH = 64;
    static final int MAX_CANDIDATE_LENGTH = 4096;

    private Fields() {
    }

    static void require(boolean condition, String problem) {
        if (!condition) {
            throw bad(problem);
        }
    }

    private static InvalidMessageException bad(String problem) {
        return new InvalidMessageException(ErrorCode.BAD_MESSAGE, problem);
    }

    static String peerId(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw bad(field + " is required");
        }
        if (value.length() > MAX_PEER_ID_LENGTH) {
            throw bad(field + " is too long");
        }
        return text(field, value);
    }

    static String sdp(String value) {
        require(value != null && !value.isBlank(), "sdp is required");
        return text("sdp", value);
    }

    /**
     * Rejects strings that are not well-formed UTF-16 (an unpaired surrogate from a JSON escape such as "\ud800"):
     * they cannot be encoded as UTF-8 when relayed, so they would fail the addressee's socket, not the sender's.
     * This runs over every character relayed, so it allocates nothing unless the text is bad.
     */
    static String text(String field, String value) {
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw bad(field + " is not valid Unicode text");
                }
            }
        }
        return value;
    }

    /** Trimmed, 1-64 characters (code points), no control characters and no unpaired surrogates. */
    static String displayName(String value) {
        require(value != null, "name is required");
        String name = value.strip();
        int length = name.codePointCount(0, name.length());
        require(length >= 1 && length <= Join.MAX_NAME_LENGTH, "name must be 1-" + Join.MAX_NAME_LENGTH + " characters");
        require(name.codePoints().noneMatch(Fields::isForbiddenInName), "name must not contain control characters");
        return name;
    }

    private static boolean isForbiddenInName(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.SURROGATE;
    }
}
