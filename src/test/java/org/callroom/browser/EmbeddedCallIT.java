package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.callroom.testing.CallPage;
import org.callroom.testing.Chromium;
import org.callroom.testing.Deployments;
import org.callroom.testing.FreePorts;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A portal on another origin (another loopback port) embeds a call with {@code <callroom-call>}: the WAR's own
 * /examples/portal.html, served from there as a portal team would copy it, under the strict CSP DEPLOYING.md gives. The portal drives the call through the
 * element's methods and hears its events; the other person is on the plain call page.
 */
@ExtendWith(ArquillianExtension.class)
class EmbeddedCallIT {

    /** The portal's port, chosen before deployment so the deployment can allow it to embed the call. */
    private static final int PORTAL_PORT = portalPort();
    private static final String PORTAL = "http://127.0.0.1:" + PORTAL_PORT;

    private static HttpServer portal;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-embedded.war", Map.of("callroom.embed.origins", PORTAL));
    }

    @ArquillianResource
    URL deployed;

    private static int portalPort() {
        try {
            return FreePorts.take(1)[0];
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void startPortal() throws IOException {
        portal = HttpServer.create(new InetSocketAddress("127.0.0.1", PORTAL_PORT), 0);
        portal.start();
    }

    @AfterAll
    static void stopPortal() {
        if (portal != null) {
            portal.stop(0);
        }
    }

    /** Serves the WAR's example portal page, as deployed, from the portal's origin (once), and opens it. */
    private CallPage openPortal(Chromium browser, String room, String name) throws Exception {
        if (!served) {
            servePortalPage();
            served = true;
        }
        CallPage portalPage = new CallPage(browser.driver);
        browser.driver.get(PORTAL + "/portal.html?room=" + room + "&name=" + name);
        portalPage.waitFor(CallPage.CALL_SETUP, "the call element", () -> Boolean.TRUE.equals(browser.driver.executeScript(
                "return customElements.get('callroom-call') !== undefined && document.querySelector('callroom-call') !== null")));
        return portalPage;
    }

    private static boolean served;

    /**
     * Serves a copy of the WAR's example portal (page, script and style) as a portal team would make one: loading
     * embed.js from the Callroom server, and under a CSP of its own that allows exactly that server's script and frame.
     */
    private void servePortalPage() throws Exception {
        URI callroom = Deployments.loopback(deployed);
        String callroomOrigin = callroom.getScheme() + "://" + callroom.getRawAuthority();
        String policy = "default-src 'self'; script-src 'self' " + callroomOrigin + "; frame-src " + callroomOrigin
                + "; object-src 'none'; base-uri 'none'";
        String page = fetchExample("portal.html");
        String ownEmbed = "<script type=\"module\" src=\"../embed.js\"></script>";
        assertTrue(page.contains(ownEmbed), page);
        serve("/portal.html", "text/html", page.replace(ownEmbed, "<script type=\"module\" src=\"" + callroom.resolve("embed.js") + "\"></script>"), policy);
        serve("/portal.js", "text/javascript", fetchExample("portal.js"), policy);
        serve("/portal.css", "text/css", fetchExample("portal.css"), policy);
    }

    private String fetchExample(String file) throws Exception {
        URI example = Deployments.loopback(deployed).resolve("examples/" + file);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(example).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), example.toString());
        return response.body();
    }

    private static void serve(String path, String type, String text, String policy) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        portal.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Security-Policy", policy);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static List<String> events(CallPage portalPage, String type) {
        return portalPage.driver().findElements(By.cssSelector("[data-testid=\"portal-log\"] li[data-event=\"" + type + "\"]")).stream()
                .map(WebElement::getText).toList();
    }

    private static void awaitEvent(CallPage portalPage, String type, String fragment) {
        portalPage.waitFor(CallPage.CALL_SETUP, "the portal to hear '" + type + "' with " + fragment,
                () -> events(portalPage, type).stream().anyMatch(text -> text.contains(fragment)));
    }

    @Test
    void aPortalOnAnotherOriginHoldsACallThroughTheElementAndHearsItsEvents() throws Exception {
        URI callroom = Deployments.loopback(deployed);
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            CallPage portalPage = openPortal(alice, "e2e-embed", "Alice");
            // Commands given before the frame listens wait for it.
            portalPage.find("portal-join").click();
            awaitEvent(portalPage, "joined", "\"name\":\"Alice\"");
            awaitEvent(portalPage, "connection-state", "\"state\":\"waiting\"");

            CallPage bobPage = new CallPage(bob.driver).open(callroom, "e2e-embed", "Bob");
            bobPage.join();
            bobPage.waitFor(CallPage.CALL_SETUP, "Bob's welcome", () -> bobPage.selfPeerId() != null);
            String bobId = bobPage.selfPeerId();
            awaitEvent(portalPage, "peer-joined", "\"peerId\":\"" + bobId + "\"");
            awaitEvent(portalPage, "connection-state", "\"state\":\"connected\"");
            bobPage.awaitRemoteMediaPlaying();
            bobPage.awaitRemoteAudio("Alice's microphone to be heard", peak -> peak > 0.05);

            portalPage.find("portal-mute").click();
            awaitEvent(portalPage, "audio-muted-changed", "\"muted\":true");
            bobPage.awaitRemoteAudio("Alice to fall silent", peak -> peak < 0.01);
            portalPage.find("portal-unmute").click();
            awaitEvent(portalPage, "audio-muted-changed", "\"muted\":false");
            bobPage.awaitRemoteAudio("Alice to be heard again", peak -> peak > 0.05);

            bobPage.sendChat("Hello, portal");
            awaitEvent(portalPage, "chat", "\"text\":\"Hello, portal\"");

            bobPage.hangUp();
            awaitEvent(portalPage, "peer-left", "\"peerId\":\"" + bobId + "\"");
            portalPage.find("portal-leave").click();
            awaitEvent(portalPage, "left", "{}");
            assertTrue(events(portalPage, "error").isEmpty(), "no error events: " + events(portalPage, "error"));
        }
    }

    @Test
    void twoCallsOnOnePageNeverHearEachOthersEvents() throws Exception {
        URI callroom = Deployments.loopback(deployed);
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            CallPage portalPage = openPortal(alice, "e2e-two-a", "Alice");
            // A second call on the same page, in another room, logging its events apart.
            alice.driver.executeScript("""
                    window.__second = [];
                    const second = document.createElement('callroom-call');
                    second.setAttribute('room', 'e2e-two-b');
                    second.setAttribute('name', 'Carol');
                    for (const type of ['joined', 'peer-joined', 'peer-left', 'chat', 'error']) {
                      second.addEventListener(type, (e) => window.__second.push(type + ' ' + JSON.stringify(e.detail)));
                    }
                    document.body.append(second);
                    second.join();
                    """);
            portalPage.find("portal-join").click();
            awaitEvent(portalPage, "joined", "\"room\":\"e2e-two-a\"");
            portalPage.waitFor(CallPage.CALL_SETUP, "the second call to join its own room", () -> secondEvents(alice).stream()
                    .anyMatch(event -> event.startsWith("joined ") && event.contains("\"room\":\"e2e-two-b\"")));

            CallPage bobPage = new CallPage(bob.driver).open(callroom, "e2e-two-a", "Bob");
            bobPage.join();
            awaitEvent(portalPage, "peer-joined", "\"name\":\"Bob\"");
            bobPage.sendChat("Only for room a");
            awaitEvent(portalPage, "chat", "Only for room a");

            assertEquals(1, events(portalPage, "joined").size(), "the first element's joins: " + events(portalPage, "joined"));
            assertTrue(events(portalPage, "joined").get(0).contains("e2e-two-a"), events(portalPage, "joined").toString());
            List<String> second = secondEvents(alice);
            assertEquals(1, second.size(), "the second element heard only its own join: " + second);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> secondEvents(Chromium browser) {
        return (List<String>) browser.driver.executeScript("return window.__second ?? []");
    }
}
