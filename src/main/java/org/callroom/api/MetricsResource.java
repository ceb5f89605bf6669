package org.callroom.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.callroom.metrics.PrometheusMetrics;

/** The Prometheus scrape endpoint, /api/v1/metrics; behind the admin role like the rest of the API. */
@Path("metrics")
@RequestScoped
public class MetricsResource {

    /** Prometheus's text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    PrometheusMetrics metrics;

    @GET
    @Produces(PROMETHEUS_TEXT)
    public String scrape() {
        return metrics.scrape();
    }
}
