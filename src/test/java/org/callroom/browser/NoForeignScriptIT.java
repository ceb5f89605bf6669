package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.callroom.testing.Chromium;
import org.callroom.testing.Deployments;
import org.callroom.testing.FreePorts;
import org.callroom.testing.TestRealm;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Another local origin serves a module that anyone may load ({@code Access-Control-Allow-Origin: *}) and that marks
 * any page it runs on. Every HTML page the WAR ships, opened with query strings and fragments naming that module, never
 * runs it; and were a page to try, its Content-Security-Policy would stop it, and inline script with it.
 */
@ExtendWith(ArquillianExtension.class)
class NoForeignScriptIT {

    /** The parameters the pages read, and the names a page might plausibly take a script's address from. */
    private static final List<String> PARAMETERS = List.of("callroom", "room", "name", "token", "lang", "audio", "video",
            "embed", "host", "src", "script", "module", "url", "server", "base");

    /** Runs on whichever page loads it: marks the window, and asks its server for proof that it ran. */
    private static final String HOSTILE_MODULE = """
            window.__pwned = location.href;
            fetch(new URL('/ran', import.meta.url), { mode: 'no-cors' });
            """;

    /** Records every CSP violation a page causes from its very first script on. */
    private static final String RECORD_VIOLATIONS = """
            window.__violations = [];
            document.addEventListener('securitypolicyviolation',
                (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
            """;

    private static final Duration LOAD = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar();
    }

    @ArquillianResource
    URL deployed;

    private HttpServer hostile;
    private String hostileBase;
    private final List<String> hostileRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHostileOrigin() throws IOException {
        int port = FreePorts.take(1)[0];
        hostileBase = "http://127.0.0.1:" + port + "/";
        hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        hostile.createContext("/", this::serveHostile);
        hostile.start();
    }

    @AfterEach
    void stopHostileOrigin() {
        if (hostile != null) {
            hostile.stop(0);
        }
    }

    private void serveHostile(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hostileRequests.add(path);
        // A page of the hostile site itself, which proves the module runs wherever nothing stops it.
        boolean control = path.equals("/control.html");
        byte[] body = (control ? "<!doctype html><script type=module src=/control.js></script>" : HOSTILE_MODULE)
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", control ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8");
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Each page's address with every parameter, and the fragment, naming the hostile site or its module. */
    private List<URI> hostileAddresses(String page) {
        URI base = Deployments.loopback(deployed).resolve(page);
        List<URI> addresses = new ArrayList<>();
        for (String value : List.of(hostileBase, hostileBase + "embed.js", "//127.0.0.1:" + hostile.getAddress().getPort() + "/x.js")) {
            String query = PARAMETERS.stream().map(name -> name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            addresses.add(URI.create(base + "?" + query + "#" + query));
        }
        return addresses;
    }

    private static Chromium browser() throws IOException {
        Chromium browser = Chromium.start();
        ChromeDriver driver = browser.driver;
        // The operator's page asks for a login, which a person would type into the browser's prompt.
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", TestRealm.OPERATOR.basic())));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
        return browser;
    }

    /** Opens an address and lets its modules run: loaded, then a moment for any import they start. */
    private static void open(ChromeDriver driver, URI address) {
        driver.get(address.toString());
        new WebDriverWait(driver, LOAD).withMessage(() -> address + " to load")
                .until(d -> "complete".equals(driver.executeScript("return document.readyState")));
        driver.executeAsyncScript("const done = arguments[arguments.length - 1]; setTimeout(done, 1000)");
    }

    @Test
    void noShippedPageRunsAModuleThatItsAddressNames() throws Exception {
        try (Chromium browser = browser()) {
            ChromeDriver driver = browser.driver;
            for (String page : Deployments.pages()) {
                for (URI address : hostileAddresses(page)) {
                    open(driver, address);
                    assertEquals(List.of(), hostileRequests, "requests to the hostile origin from " + address);
                    assertEquals(null, driver.executeScript("return window.__pwned ?? null"), address.toString());
                    assertEquals(List.of(), driver.executeScript("return window.__violations"), "CSP violations on " + address);
                }
            }
            // The example portal still embeds a call, with embed.js from its own origin and its style under the CSP.
            open(driver, Deployments.loopback(deployed).resolve("examples/portal.html?room=portal-example"));
            assertEquals(Boolean.TRUE, driver.executeScript("return customElements.get('callroom-call') !== undefined"));
            assertEquals(482L, driver.executeScript("return Math.round(document.querySelector('callroom-call').getBoundingClientRect().height)"));
            assertEquals(List.of(), driver.executeScript("return window.__violations"), "CSP violations on the example portal");

            // The same module runs where nothing stops it, so the checks above could see it.
            open(driver, URI.create(hostileBase + "control.html"));
            assertTrue(String.valueOf(driver.executeScript("return window.__pwned ?? null")).endsWith("/control.html"));
            new WebDriverWait(driver, LOAD).withMessage("the control's proof that it ran").until(d -> hostileRequests.contains("/ran"));
        }
    }

    @Test
    void everyShippedPageRefusesForeignAndInlineScriptEvenWhenItTries() throws Exception {
        try (Chromium browser = browser()) {
            ChromeDriver driver = browser.driver;
            for (String page : Deployments.pages()) {
                URI address = Deployments.loopback(deployed).resolve(page);
                open(driver, address);
                Object outcome = driver.executeAsyncScript("""
                        const [src, done] = arguments;
                        const inline = document.createElement('script');
                        inline.textContent = 'window.__pwned = "inline"';
                        document.head.append(inline);
                        const foreign = document.createElement('script');
                        foreign.type = 'module';
                        foreign.src = src;
                        foreign.onload = () => done('loaded');
                        foreign.onerror = () => done('refused');
                        document.head.append(foreign);
                        """, hostileBase + "injected.js");
                assertEquals("refused", outcome, address.toString());
                assertEquals(null, driver.executeScript("return window.__pwned ?? null"), address.toString());
                assertEquals(List.of(), hostileRequests, "requests to the hostile origin from " + address);
                @SuppressWarnings("unchecked")
                List<String> violations = (List<String>) driver.executeScript("return window.__violations");
                assertTrue(violations.stream().anyMatch(v -> v.startsWith("script-src") && v.contains(" inline "))
                        && violations.stream().anyMatch(v -> v.startsWith("script-src") && v.contains(hostileBase + "injected.js")),
                        address + ": " + violations);
            }
        }
    }
}
