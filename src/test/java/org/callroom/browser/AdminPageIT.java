package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.callroom.protocol.CloseCode;
import org.callroom.testing.Chromium;
import org.callroom.testing.Deployments;
import org.callroom.testing.TestPeer;
import org.callroom.testing.TestRealm;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The operator's page at /admin/: it shows who is in which call as it changes, and its buttons remove people. */
@ExtendWith(ArquillianExtension.class)
class AdminPageIT {

    /** Longer than the page's 3 s between refreshes, with room for a slow machine. */
    private static final Duration SHOWN = Duration.ofSeconds(15);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar();
    }

    @ArquillianResource
    URL deployed;

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SHOWN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the operator's page did not show " + what + " within " + SHOWN);
            }
            Thread.sleep(100);
        }
    }

    /** The rows shown for a room, read in one go: the page may redraw between two WebDriver calls. */
    @SuppressWarnings("unchecked")
    private static List<String> peerIds(ChromeDriver driver, String room) {
        return (List<String>) driver.executeScript("""
                return [...document.querySelectorAll(`[data-testid=room][data-room="${arguments[0]}"] [data-testid=participant]`)]
                    .map((row) => row.dataset.peerId + ' ' + row.textContent)""", room);
    }

    private static List<String> idsOnly(ChromeDriver driver, String room) {
        return peerIds(driver, room).stream().map(row -> row.substring(0, row.indexOf(' '))).toList();
    }

    /** Clicks a button as a person would, after accepting the page's "are you sure?" for them. */
    private static void click(ChromeDriver driver, String selector) {
        driver.executeScript("window.confirm = () => true; document.querySelector(arguments[0]).click()", selector);
    }

    @Test
    void theOperatorSeesTheCallChangeAndRemovesSomeoneAndThenClosesTheRoom() throws Exception {
        String room = "ops-view";
        try (Chromium operator = Chromium.start();
             TestPeer alice = TestPeer.join(Deployments.signaling(deployed, room), "Alice")) {
            ChromeDriver driver = operator.driver;
            // The credentials a person would type into the browser's Basic prompt.
            driver.executeCdpCommand("Network.enable", Map.of());
            driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", TestRealm.OPERATOR.basic())));
            driver.get(Deployments.loopback(deployed).resolve("admin/").toString());
            waitFor("Alice", () -> idsOnly(driver, room).equals(List.of(alice.peerId)));
            assertTrue(peerIds(driver, room).get(0).contains("Alice"), peerIds(driver, room).toString());

            try (TestPeer bob = TestPeer.join(Deployments.signaling(deployed, room), "Bob")) {
                waitFor("Bob joining", () -> idsOnly(driver, room).equals(List.of(alice.peerId, bob.peerId)));
                click(driver, "[data-peer-id=\"" + bob.peerId + "\"] [data-testid=remove]");
                assertEquals(CloseCode.REMOVED.code(), bob.awaitClose().getCloseCode().getCode());
                alice.skipTo("peer-left");
                waitFor("Bob gone", () -> idsOnly(driver, room).equals(List.of(alice.peerId)));
            }

            click(driver, "[data-testid=room][data-room=" + room + "] [data-testid=close-room]");
            assertEquals(CloseCode.REMOVED.code(), alice.awaitClose().getCloseCode().getCode());
            waitFor("the room closed", () -> driver.findElements(By.cssSelector("[data-testid=room][data-room=" + room + "]")).isEmpty());
            assertTrue(driver.findElement(By.cssSelector("[data-testid=error]")).getDomAttribute("hidden") != null, "no error shown");
        }
    }
}
