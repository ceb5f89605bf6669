package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.callroom.protocol.CloseCode;
import org.callroom.room.RecordingSocket;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    private static long seconds(long n) {
        return TimeUnit.SECONDS.toNanos(n);
    }

    @Test
    void answeringSocketsArePingedAndKept() {
        Heartbeat heartbeat = new Heartbeat(10);
        RecordingSocket alive = new RecordingSocket();
        Heartbeat.Watch watch = heartbeat.watch(alive, () -> true);
        for (int beat = 1; beat <= 10; beat++) {
            watch.heard();
            heartbeat.tick(System.nanoTime() + seconds(5));
        }
        assertEquals(10, alive.pings);
        assertNull(alive.closedWith);
    }

    @Test
    void aSocketSilentForThreeIntervalsIsClosedOnce() {
        Heartbeat heartbeat = new Heartbeat(10);
        RecordingSocket silent = new RecordingSocket();
        heartbeat.watch(silent, () -> true);
        long start = System.nanoTime();
        heartbeat.tick(start + seconds(29));
        assertNull(silent.closedWith, "two missed pongs are tolerated");
        heartbeat.tick(start + seconds(31));
        assertEquals(CloseCode.GOING_AWAY, silent.closedWith);
        silent.closedWith = null;
        heartbeat.tick(start + seconds(41));
        assertNull(silent.closedWith, "forgotten once closed");
    }

    @Test
    void aSocketThatDoesNotJoinWithinTheDeadlineIsClosedEvenWhenTheIntervalIsShorter() {
        Heartbeat heartbeat = new Heartbeat(5);
        RecordingSocket lurker = new RecordingSocket();
        Heartbeat.Watch watch = heartbeat.watch(lurker, () -> false);
        long start = System.nanoTime();
        for (int second = 1; second <= 9; second++) {
            heartbeat.tick(start + seconds(second));
        }
        assertNull(lurker.closedWith, "a slow join is still in time");
        watch.heard();
        heartbeat.tick(start + Heartbeat.JOIN_DEADLINE.toNanos() + seconds(1));
        assertEquals(CloseCode.POLICY_VIOLATION, lurker.closedWith, "talking is not joining");
    }

    @Test
    void intervalOutsideTheSupportedRangeIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new Heartbeat(0));
        assertThrows(IllegalArgumentException.class, () -> new Heartbeat(3601));
    }
}
