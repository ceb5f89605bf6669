package org.callroom.signaling;

/**
 * One socket's frame rate limit: a bucket of {@code burst} frames that refills at {@code perSecond}. A frame finding
 * the bucket empty is dropped; a socket that is still being dropped {@code floodNanos} after its run of drops began is
 * closed. A run ends after a second without drops. Called for one socket's frames, one at a time, so not thread-safe.
 */
public final class RateLimit {

    /** What happens to one frame. */
    public enum Verdict {
        ADMIT, DROP, CLOSE
    }

    private static final long SECOND = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final long floodNanos;
    private double available;
    private long refilledAt;
    private long runStart;
    private long lastDrop;
    private boolean dropping;

    public RateLimit(double perSecond, int burst, long floodNanos, long now) {
        this.perNano = perSecond / SECOND;
        this.burst = burst;
        this.floodNanos = floodNanos;
        this.available = burst;
        this.refilledAt = now;
    }

    /** The verdict on a frame that arrived at {@code now} (System.nanoTime()). */
    public Verdict admit(long now) {
        available = Math.min(burst, available + (now - refilledAt) * perNano);
        refilledAt = now;
        if (available >= 1) {
            available -= 1;
            return Verdict.ADMIT;
        }
        if (!dropping || now - lastDrop > SECOND) {
            dropping = true;
            runStart = now;
        }
        lastDrop = now;
        return now - runStart >= floodNanos ? Verdict.CLOSE : Verdict.DROP;
    }
}
