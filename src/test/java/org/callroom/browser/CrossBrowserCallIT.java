package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.callroom.testing.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Debian's Chromium and Firefox ESR call each other through the deployed WAR, each joining first once.
 * The browsers are driven by src/test/js/cross-browser-call.js (puppeteer-core: CDP for Chromium, WebDriver
 * BiDi for Firefox, as Debian has no geckodriver); this test deploys, runs it and checks its exit code.
 * The script fails, never skips, when a browser is missing, naming the Debian package.
 */
@ExtendWith(ArquillianExtension.class)
class CrossBrowserCallIT {

    /** The script bounds itself to 3 minutes; this only catches a script that cannot even stop. */
    private static final long TIMEOUT_SECONDS = 240;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar();
    }

    @ArquillianResource
    URL deployed;

    @Test
    void chromiumAndFirefoxSeeHearAndChatWithEachOtherInBothJoinOrders() throws Exception {
        Path project = Path.of(System.getProperty("callroom.projectDir", "."));
        Path script = project.resolve("src/test/js/cross-browser-call.js");
        Process process;
        try {
            process = new ProcessBuilder("node", script.toString(), Deployments.loopback(deployed).toString())
                    .directory(project.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run node: install Node.js and npm (apt-get install -y nodejs npm)", e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // SIGTERM first: puppeteer then closes both browsers itself; whatever is left is killed.
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            fail("the cross-browser call script ran over " + TIMEOUT_SECONDS + " s:\n" + output.get(15, TimeUnit.SECONDS));
        }
        String printed = output.get(15, TimeUnit.SECONDS);
        System.out.print(printed);
        assertEquals(0, process.exitValue(), "the cross-browser call failed:\n" + printed);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
