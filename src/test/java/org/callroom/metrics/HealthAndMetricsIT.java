package org.callroom.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callroom.testing.AdminClient;
import org.callroom.testing.Deployments;
import org.callroom.testing.TestPeer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MicroProfile Health and OpenAPI where each server serves them (Payara: the HTTP port's root; WildFly with
 * standalone-microprofile.xml: health on the management port, OpenAPI on the HTTP port), and the WAR's own Prometheus
 * metrics, which move when a call happens.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
public class HealthAndMetricsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TestPeer.WAIT).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar();
    }

    @ArquillianResource
    URL deployed;

    private static boolean onWildFly() {
        return "wildfly".equals(System.getProperty("callroom.server"));
    }

    private URI serverRoot() {
        return URI.create("http://127.0.0.1:" + Deployments.loopback(deployed).getPort() + "/");
    }

    private URI healthRoot() {
        return onWildFly() ? URI.create("http://127.0.0.1:" + System.getProperty("callroom.wildfly.managementPort") + "/") : serverRoot();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(TestPeer.WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The named check of a health answer, which must be UP overall. */
    private JsonObject check(String path, String name) throws Exception {
        HttpResponse<String> health = get(healthRoot().resolve(path));
        assertEquals(200, health.statusCode(), health.body());
        JsonObject answer = Json.createReader(new StringReader(health.body())).readObject();
        assertEquals("UP", answer.getString("status"), health.body());
        return answer.getJsonArray("checks").stream().map(JsonObject.class::cast).filter(check -> check.getString("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no check " + name + " in " + health.body()));
    }

    @Test
    void readinessAndLivenessReportCallroomsOwnChecks() throws Exception {
        assertEquals("UP", check("health/ready", "callroom-signaling").getString("status"));
        assertEquals("UP", check("health/live", "callroom-heartbeat").getString("status"));
    }

    @Test
    void theOpenApiDocumentDescribesTheAdminApi() throws Exception {
        HttpResponse<String> openapi = get(serverRoot().resolve("openapi"));
        assertEquals(200, openapi.statusCode(), openapi.body());
        assertTrue(openapi.body().contains("/api/v1/rooms"), openapi.body());
        assertTrue(openapi.body().contains("/api/v1/tokens"), openapi.body());
    }

    private double metric(String line) throws Exception {
        AdminClient.Reply scraped = new AdminClient(Deployments.loopback(deployed)).asOperator("GET", "metrics", null);
        assertEquals(200, scraped.status(), scraped.body());
        assertTrue(scraped.response().headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(line) + " (\\S+)$").matcher(scraped.body());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    @Test
    void theMetricsMoveWhenACallHappens() throws Exception {
        double joins = metric("callroom_joins_total");
        double offers = metric("callroom_messages_relayed_total{type=\"offer\"}");
        double unknownPeers = metric("callroom_errors_total{code=\"unknown-peer\"}");
        double welcomed = metric("callroom_join_latency_seconds_count");
        try (TestPeer alice = TestPeer.join(Deployments.signaling(deployed, "metered"), "Alice");
             TestPeer bob = TestPeer.join(Deployments.signaling(deployed, "metered"), "Bob")) {
            alice.expect("peer-joined");
            alice.send("{\"type\":\"offer\",\"to\":\"" + bob.peerId + "\",\"sdp\":\"v=0\"}");
            bob.expect("offer");
            alice.send("{\"type\":\"offer\",\"to\":\"nobody\",\"sdp\":\"v=0\"}");
            alice.expectError("unknown-peer");

            assertEquals(joins + 2, metric("callroom_joins_total"));
            assertEquals(offers + 1, metric("callroom_messages_relayed_total{type=\"offer\"}"));
            assertEquals(unknownPeers + 1, metric("callroom_errors_total{code=\"unknown-peer\"}"));
            assertEquals(welcomed + 2, metric("callroom_join_latency_seconds_count"));
            assertTrue(metric("callroom_rooms") >= 1);
            assertTrue(metric("callroom_peers") >= 2);
            assertTrue(metric("callroom_sockets") >= 2);
        }
    }
}
