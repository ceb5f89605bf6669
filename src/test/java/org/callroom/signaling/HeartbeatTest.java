package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    static final class FakeConnection implements Heartbeat.Connection {
        int pings;
        int closeCode;

        @Override
        public void ping() {
            pings++;
        }

        @Override
        public void close(int closeCode, String reason) {
            this.closeCode = closeCode;
        }
    }

    private static long seconds(long n) {
        return TimeUnit.SECONDS.toNanos(n);
    }

    @Test
    void answeringSocketsArePingedAndKept() {
        Heartbeat heartbeat = new Heartbeat(10);
        FakeConnection alive = new FakeConnection();
        Heartbeat.Watch watch = heartbeat.watch(alive, () -> true);
        for (int beat = 1; beat <= 10; beat++) {
            watch.heard();
            heartbeat.tick(System.nanoTime() + seconds(5));
        }
        assertEquals(10, alive.pings);
        assertEquals(0, alive.closeCode);
    }

    @Test
    void aSocketSilentForThreeIntervalsIsClosedOnce() {
        Heartbeat heartbeat = new Heartbeat(10);
        FakeConnection silent = new FakeConnection();
        heartbeat.watch(silent, () -> true);
        long start = System.nanoTime();
        heartbeat.tick(start + seconds(29));
        assertEquals(0, silent.closeCode, "two missed pongs are tolerated");
        heartbeat.tick(start + seconds(31));
        assertEquals(Heartbeat.SILENT, silent.closeCode);
        silent.closeCode = 0;
        heartbeat.tick(start + seconds(41));
        assertEquals(0, silent.closeCode, "forgotten once closed");
    }

    @Test
    void aSocketThatDoesNotJoinWithinTheDeadlineIsClosedEvenWhenTheIntervalIsShorter() {
        Heartbeat heartbeat = new Heartbeat(5);
        FakeConnection lurker = new FakeConnection();
        Heartbeat.Watch watch = heartbeat.watch(lurker, () -> false);
        long start = System.nanoTime();
        for (int second = 1; second <= 9; second++) {
            heartbeat.tick(start + seconds(second));
        }
        assertEquals(0, lurker.closeCode, "a slow join is still in time");
        watch.heard();
        heartbeat.tick(start + Heartbeat.JOIN_DEADLINE.toNanos() + seconds(1));
        assertEquals(SignalingSession.POLICY, lurker.closeCode, "talking is not joining");
    }

    @Test
    void intervalOutsideTheSupportedRangeIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new Heartbeat(0));
        assertThrows(IllegalArgumentException.class, () -> new Heartbeat(3601));
    }
}
