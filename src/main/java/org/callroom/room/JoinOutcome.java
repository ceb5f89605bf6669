package org.callroom.room;

/**
 * What became of a join or a resume: in (as a newcomer, or back in the place it kept), or refused because the room or
 * the server holds all it may, because the peer is still connected on another socket, or because what waited for it
 * had to be dropped (the room was then told it left), or because the peer was removed from the call (a resume) or
 * banned from the room (a join), or because it already left this server (a resume): by {@code leave} (LEFT), or when
 * its grace period ended or its place was lost (DEPARTED).
 */
public enum JoinOutcome {
    JOINED, RESUMED, ROOM_FULL, TOO_MANY_ROOMS, STILL_CONNECTED, PLACE_LOST, REMOVED, BANNED, LEFT, DEPARTED
}
