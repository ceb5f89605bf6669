package org.callroom.signaling.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.callroom.room.RoomName;
import org.junit.jupiter.api.Test;

class GrizzlySignalingTest {

    @Test
    void theRoomIsThePathAfterSignal() {
        assertEquals("standup", GrizzlySignaling.roomOf("", "/signal/standup"));
        assertEquals("standup", GrizzlySignaling.roomOf("/callroom", "/callroom/signal/standup"));
    }

    @Test
    void oddPathsNameNoValidRoom() {
        for (String path : new String[] {"/signal/", "/signal/a/b", "/signal/sp ace", "/other/signal/x"}) {
            assertFalse(RoomName.isValid(GrizzlySignaling.roomOf("", path)), path);
        }
        assertFalse(RoomName.isValid(GrizzlySignaling.roomOf("/app", "/signal/x")), "another application's path");
    }
}
