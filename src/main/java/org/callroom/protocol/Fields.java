package org.callroom.protocol;

import java.util.EnumSet;
import java.util.Set;

/** Field rules shared by the message records, so that an invalid message cannot be constructed. */
final class Fields {

    static final int MAX_PEER_ID_LENGTH = 64;
    static final int MAX_CANDIDATE_LENGTH = 4096;

    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int EMOJI_PRESENTATION = 0xFE0F;

    /** Scripts whose letters join or form conjuncts, so that ZWNJ and ZWJ between them change how a name reads. */
    private static final Set<Character.UnicodeScript> JOINING_SCRIPTS = EnumSet.of(
            Character.UnicodeScript.ARABIC, Character.UnicodeScript.SYRIAC, Character.UnicodeScript.NKO,
            Character.UnicodeScript.MONGOLIAN, Character.UnicodeScript.DEVANAGARI, Character.UnicodeScript.BENGALI,
            Character.UnicodeScript.GURMUKHI, Character.UnicodeScript.GUJARATI, Character.UnicodeScript.ORIYA,
            Character.UnicodeScript.TAMIL, Character.UnicodeScript.TELUGU, Character.UnicodeScript.KANNADA,
            Character.UnicodeScript.MALAYALAM, Character.UnicodeScript.SINHALA, Character.UnicodeScript.MYANMAR,
            Character.UnicodeScript.KHMER);

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

    /**
     * Trimmed, 1-64 characters (code points), no control characters, no unpaired surrogates, and no invisible
     * formatting character that could make it look like another name (see {@link #invisibleFormatting}).
     */
    static String displayName(String value) {
        require(value != null, "name is required");
        String name = value.strip();
        int length = name.codePointCount(0, name.length());
        require(length >= 1 && length <= Join.MAX_NAME_LENGTH, "name must be 1-" + Join.MAX_NAME_LENGTH + " characters");
        require(name.codePoints().noneMatch(Fields::isForbiddenInName), "name must not contain control characters");
        int[] codePoints = name.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            if (invisibleFormatting(codePoints, i)) {
                throw bad(String.format("name must not contain U+%04X %s: invisible formatting characters (bidi controls,"
                        + " zero-width characters) can make a name look like someone else's", codePoints[i],
                        Character.getName(codePoints[i])));
            }
        }
        return name;
    }

    private static boolean isForbiddenInName(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.SURROGATE;
    }

    /**
     * A format character (Unicode Cf: bidi overrides, embeddings and isolates, marks, zero-width space, word joiner,
     * soft hyphen, BOM) or a line or paragraph separator. The two joiners stay where writing needs them: between
     * letters of a script that joins or forms conjuncts (ZWNJ is part of Persian spelling), and ZWJ inside an emoji
     * sequence. Between Latin letters they would only hide.
     */
    private static boolean invisibleFormatting(int[] codePoints, int i) {
        int c = codePoints[i];
        int type = Character.getType(c);
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return true;
        }
        if (type != Character.FORMAT) {
            return false;
        }
        if (c != ZERO_WIDTH_NON_JOINER && c != ZERO_WIDTH_JOINER || i == 0 || i == codePoints.length - 1) {
            return true;
        }
        int before = codePoints[i - 1];
        int after = codePoints[i + 1];
        if (joinsLetters(before, after)) {
            return false;
        }
        return !(c == ZERO_WIDTH_JOINER && isEmojiPart(before) && Character.getType(after) == Character.OTHER_SYMBOL);
    }

    private static boolean joinsLetters(int before, int after) {
        Character.UnicodeScript script = Character.UnicodeScript.of(before);
        return JOINING_SCRIPTS.contains(script) && Character.UnicodeScript.of(after) == script
                && Character.isLetter(after);
    }

    private static boolean isEmojiPart(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.OTHER_SYMBOL || type == Character.MODIFIER_SYMBOL || codePoint == EMOJI_PRESENTATION;
    }
}
