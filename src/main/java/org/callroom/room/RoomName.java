package org.callroom.room;

import java.util.regex.Pattern;

/** The rule for room names in the signaling URL. */
public final class RoomName {

    /** The rule, as a client is told it when its room name breaks it. */
    public static final String RULE = "room names are 1-64 of A-Z a-z 0-9 _ -";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RoomName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
