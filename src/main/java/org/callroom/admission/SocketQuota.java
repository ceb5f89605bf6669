package org.callroom.admission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many signaling sockets are open, in all and per client address (an IPv6 client's /64), against their caps.
 * Shared by every socket of the server, hence the concurrent map and counters; an address's entry goes when its last
 * place is given back.
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

    /** Takes a place for a socket from this address; when admitted, {@link #placeFor} gives the place to release once. */
    public Verdict acquire(String address) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return Verdict.SERVER_FULL;
        }
        boolean[] taken = {false};
        byAddress.compute(ClientAddress.countedAs(address), (key, count) -> {
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

    /** One admitted socket's place, given back once however many times it is released. */
    public final class Place {
        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Place(String address) {
            this.address = address;
        }

        public String address() {
            return address;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                SocketQuota.this.release(address);
            }
        }
    }

    /** The place {@link #acquire} just admitted a socket from this address to, for releasing it once. */
    public Place placeFor(String address) {
        return new Place(address);
    }

    public void release(String address) {
        byAddress.computeIfPresent(ClientAddress.countedAs(address), (key, count) -> count <= 1 ? null : count - 1);
        open.decrementAndGet();
    }

    /** Open sockets, in all. */
    public int open() {
        return open.get();
    }

    /** Places taken from one address, counted with the rest of its /64 if it is an IPv6 address. */
    public int open(String address) {
        return byAddress.getOrDefault(ClientAddress.countedAs(address), 0);
    }
}
