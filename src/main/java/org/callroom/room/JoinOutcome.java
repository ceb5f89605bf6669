package org.callroom.room;

/** What became of a join: in, or refused because the room or the server holds all it may. */
public enum JoinOutcome {
    JOINED, ROOM_FULL, TOO_MANY_ROOMS
}
