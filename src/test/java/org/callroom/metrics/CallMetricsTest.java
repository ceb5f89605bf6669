package org.callroom.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CallMetrics metrics = new CallMetrics(registry);

    @Test
    void eachEventLandsInItsOwnMeterWithItsTag() {
        metrics.welcomed(TimeUnit.MILLISECONDS.toNanos(3), false);
        metrics.welcomed(TimeUnit.MILLISECONDS.toNanos(5), true);
        metrics.relayed("offer");
        metrics.relayed("offer");
        metrics.relayed("candidate");
        metrics.refused("unknown-peer");
        metrics.rateLimited();

        assertEquals(1, registry.get("callroom.joins").counter().count());
        assertEquals(1, registry.get("callroom.resumes").counter().count());
        assertEquals(2, registry.get("callroom.join.latency").timer().count());
        assertEquals(8, registry.get("callroom.join.latency").timer().totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(2, registry.get("callroom.messages.relayed").tag("type", "offer").counter().count());
        assertEquals(1, registry.get("callroom.messages.relayed").tag("type", "candidate").counter().count());
        assertEquals(1, registry.get("callroom.errors").tag("code", "unknown-peer").counter().count());
        assertEquals(1, registry.get("callroom.rate.limited").counter().count());
    }

    @Test
    void noneCountsNothingAnywhere() {
        CallMetrics.NONE.relayed("offer");
        CallMetrics.NONE.welcomed(1, false);
        assertEquals(0, registry.getMeters().stream().filter(meter -> meter.getId().getName().equals("callroom.messages.relayed")).count());
    }
}
