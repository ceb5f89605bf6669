package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.callroom.signaling.RateLimit.Verdict;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final long MS = 1_000_000L;

    @Test
    void aBurstIsAdmittedThenTheRestIsDropped() {
        RateLimit limit = new RateLimit(10, 5, 5_000 * MS, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.ADMIT, limit.admit(0));
        }
        assertEquals(Verdict.DROP, limit.admit(0));
    }

    @Test
    void theBucketRefillsAtTheRateUpToTheBurst() {
        RateLimit limit = new RateLimit(10, 5, 5_000 * MS, 0);
        for (int i = 0; i < 5; i++) {
            limit.admit(0);
        }
        assertEquals(Verdict.ADMIT, limit.admit(100 * MS), "one frame earned in 100 ms at 10/s");
        assertEquals(Verdict.DROP, limit.admit(100 * MS));
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.ADMIT, limit.admit(60_000 * MS), "a quiet minute refills only the burst");
        }
        assertEquals(Verdict.DROP, limit.admit(60_000 * MS));
    }

    @Test
    void aSenderAtTheRateIsNeverDropped() {
        RateLimit limit = new RateLimit(50, 1, 1_000 * MS, 0);
        for (long t = 0; t < 60_000 * MS; t += 20 * MS) {
            assertEquals(Verdict.ADMIT, limit.admit(t));
        }
    }

    @Test
    void aPersistentFlooderIsClosedAfterTheFloodTime() {
        RateLimit limit = new RateLimit(10, 10, 3_000 * MS, 0);
        long closedAt = -1;
        for (long t = 0; t < 10_000 * MS && closedAt < 0; t += MS) {
            if (limit.admit(t) == Verdict.CLOSE) {
                closedAt = t;
            }
        }
        // A frame a millisecond: the burst lasts 10 ms, then every frame is dropped, and 3 s later one closes.
        assertEquals(3_010 * MS, closedAt);
    }

    @Test
    void aPauseOfASecondEndsTheRunOfDrops() {
        RateLimit limit = new RateLimit(1, 1, 3_000 * MS, 0);
        limit.admit(0);
        assertEquals(Verdict.DROP, limit.admit(0));
        // Drops 2 s apart, each after more than a second without one, never add up to a flood.
        for (long t = 2_000 * MS; t < 20_000 * MS; t += 2_000 * MS) {
            limit.admit(t);
            assertEquals(Verdict.DROP, limit.admit(t));
        }
    }
}
