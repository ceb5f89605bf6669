package org.callroom.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.ToDoubleFunction;
import org.callroom.room.RoomRegistry;
import org.callroom.room.RoomSummary;

/**
 * The application's Prometheus registry, bundled in the WAR so that every server serves the same metrics at
 * /api/v1/metrics: Payara and WildFly each own /metrics themselves, with other content.
 */
@ApplicationScoped
public class PrometheusMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CallMetrics calls = new CallMetrics(registry);

    @Inject
    RoomRegistry rooms;

    @PostConstruct
    void registerGauges() {
        Gauge.builder("callroom.rooms", rooms, RoomRegistry::roomCount).description("Rooms with at least one peer").register(registry);
        Gauge.builder("callroom.peers", rooms, PrometheusMetrics::peers).description("Peers in rooms, those in resume grace included")
                .register(registry);
    }

    private static double peers(RoomRegistry rooms) {
        return rooms.rooms().stream().mapToInt(RoomSummary::participants).sum();
    }

    public CallMetrics calls() {
        return calls;
    }

    /** Registers a gauge read from {@code value} when scraped. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /** The Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }
}
