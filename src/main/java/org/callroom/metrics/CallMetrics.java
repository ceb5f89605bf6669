package org.callroom.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the signaling counts, as Micrometer meters: joins and resumes, relayed messages by type, refusals by error
 * code, rate-limit drops, and how long a join takes to be welcomed. The counters of each type and code are kept
 * here once made, so a relay costs one map lookup and an add, not a new meter id.
 */
public final class CallMetrics {

    /** Counts into nothing: for sessions made outside a deployment (unit tests, tools). */
    public static final CallMetrics NONE = new CallMetrics(new CompositeMeterRegistry());

    private final MeterRegistry registry;
    private final Counter joins;
    private final Counter resumes;
    private final Counter rateLimited;
    private final Timer joinLatency;
    /** Keyed by wire type and by error code, both few and fixed by the protocol. */
    private final ConcurrentHashMap<String, Counter> relayedByType = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> errorsByCode = new ConcurrentHashMap<>();

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.joins = Counter.builder("callroom.joins").description("Joins welcomed, resumes not included").register(registry);
        this.resumes = Counter.builder("callroom.resumes").description("Resumes that kept the peer's place or id").register(registry);
        this.rateLimited = Counter.builder("callroom.rate.limited").description("Frames dropped over a socket's rate limit")
                .register(registry);
        this.joinLatency = Timer.builder("callroom.join.latency").description("From a join's arrival to its welcome being queued")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    /** A join or resume was welcomed {@code nanos} after it arrived. */
    public void welcomed(long nanos, boolean resumed) {
        (resumed ? resumes : joins).increment();
        joinLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A message of this wire type was relayed to its addressee. */
    public void relayed(String type) {
        relayedByType.computeIfAbsent(type, key -> registry.counter("callroom.messages.relayed", "type", key)).increment();
    }

    /** An {@code error} with this code was sent. */
    public void refused(String code) {
        errorsByCode.computeIfAbsent(code, key -> registry.counter("callroom.errors", "code", key)).increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }
}
