package org.callroom.admission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many signaling sockets are open, in all and per client address, against their caps. Shared by every socket of
 * the server, hence the concurrent map and counters; an address's entry goes when its last socket closes.
 */
public final class SocketQuota {

    /** Why a socket was refused, or that it was not. */
    public enum Verdict {
        ADMITTED, ADDRESS_FULL, SERVER_FULL
    }

    private final int perAddress;
    private final int total;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();

    public SocketQuota(int perAddress, int total) {
        this.perAddress = perAddress;
        this.total = total;
    }

    /** Whether a handshake from this address would be admitted now; nothing is taken. */
    public Verdict check(String address) {
        if (open.get() >= total) {
            return Verdict.SERVER_FULL;
        }
        return byAddress.getOrDefault(address, 0) >= perAddress ? Verdict.ADDRESS_FULL : Verdict.ADMITTED;
    }

    /** Takes a place for a socket from this address; when admitted, {@link #release} must follow exactly once. */
    public Verdict acquire(String address) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return Verdict.SERVER_FULL;
        }
        boolean[] taken = {false};
        byAddress.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= perAddress) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            open.decrementAndGet();
            return Verdict.ADDRESS_FULL;
        }
        return Verdict.ADMITTED;
    }

    public void release(String address) {
        byAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        open.decrementAndGet();
    }

    /** Open sockets, in all. */
    public int open() {
        return open.get();
    }

    /** Open sockets from one address. */
    public int open(String address) {
        return byAddress.getOrDefault(address, 0);
    }
}
