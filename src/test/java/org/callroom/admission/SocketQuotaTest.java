package org.callroom.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.callroom.admission.SocketQuota.Verdict;
import org.junit.jupiter.api.Test;

class SocketQuotaTest {

    @Test
    void eachAddressHasItsOwnCap() {
        SocketQuota quota = new SocketQuota(2, 100);
        assertEquals(Verdict.ADMITTED, quota.acquire("a"));
        assertEquals(Verdict.ADMITTED, quota.acquire("a"));
        assertEquals(Verdict.ADDRESS_FULL, quota.acquire("a"));
        assertEquals(Verdict.ADMITTED, quota.acquire("b"), "another address is not affected");
        quota.release("a");
        assertEquals(1, quota.open("a"));
        assertEquals(2, quota.open());
    }

    @Test
    void anIpv6ClientsWholeSlash64SharesOneCap() {
        SocketQuota quota = new SocketQuota(2, 100);
        assertEquals(Verdict.ADMITTED, quota.acquire("2001:db8:1:2:0:0:0:1"));
        assertEquals(Verdict.ADMITTED, quota.acquire("2001:db8:1:2:0:0:0:2"));
        assertEquals(Verdict.ADDRESS_FULL, quota.acquire("2001:db8:1:2:ffff:0:0:3"), "a new address in the same /64 is the same client");
        assertEquals(Verdict.ADMITTED, quota.acquire("2001:db8:1:3:0:0:0:1"), "another /64 is another client");
        quota.placeFor("2001:db8:1:2:0:0:0:1").release();
        assertEquals(1, quota.open("2001:db8:1:2:0:0:0:9"));
        assertEquals(Verdict.ADMITTED, quota.acquire("2001:db8:1:2:0:0:0:4"));
    }

    @Test
    void theServerHasACapForAll() {
        SocketQuota quota = new SocketQuota(10, 2);
        quota.acquire("a");
        quota.acquire("b");
        assertEquals(Verdict.SERVER_FULL, quota.acquire("c"));
        assertEquals(2, quota.open());
        quota.release("b");
        assertEquals(Verdict.ADMITTED, quota.acquire("c"));
        assertEquals(0, quota.open("b"), "an address with no socket left is forgotten");
    }

    @Test
    void theCapsHoldExactlyUnderConcurrentAcquires() throws Exception {
        SocketQuota quota = new SocketQuota(5, 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Verdict>> verdicts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                verdicts.add(pool.submit(() -> quota.acquire("same")));
            }
            int admitted = 0;
            for (Future<Verdict> verdict : verdicts) {
                admitted += verdict.get() == Verdict.ADMITTED ? 1 : 0;
            }
            assertEquals(5, admitted);
            assertEquals(5, quota.open());
        } finally {
            pool.shutdownNow();
        }
    }
}
