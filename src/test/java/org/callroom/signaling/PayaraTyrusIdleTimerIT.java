package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards {@link IdleTimerScheduler} against a Payara upgrade: the Tyrus inside the Payara Micro jar the build ships
 * with must still have the session class and scheduler field it adopts. If this fails, the workaround has silently
 * stopped working and every relayed message is about 4x as expensive again (docs/BENCHMARKS.md); check whether the
 * new Tyrus still schedules a task per frame before adapting or removing the workaround.
 */
class PayaraTyrusIdleTimerIT {

    private static final List<String> TYRUS_JARS = List.of("tyrus-core.jar", "tyrus-spi.jar", "jakarta.websocket-api.jar",
            "jakarta.websocket-client-api.jar");

    @TempDir
    Path unpacked;

    @Test
    void theShippedTyrusHasTheSchedulerFieldThatIsAdopted() throws Exception {
        List<URL> jars = new ArrayList<>();
        try (JarFile payara = new JarFile(System.getProperty("payara.microJar"))) {
            for (String name : TYRUS_JARS) {
                Path jar = unpacked.resolve(name);
                try (InputStream in = payara.getInputStream(payara.getJarEntry("MICRO-INF/runtime/" + name))) {
                    Files.copy(in, jar);
                } catch (NullPointerException | IOException missing) {
                    throw new AssertionError("Payara Micro no longer ships " + name, missing);
                }
                jars.add(jar.toUri().toURL());
            }
        }
        // Only Payara's jars and the JDK: the test class path has another Tyrus (the test client's).
        try (URLClassLoader tyrus = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> session = assertDoesNotThrow(() -> tyrus.loadClass(IdleTimerScheduler.TYRUS_SESSION));
            IdleTimerScheduler scheduler = new IdleTimerScheduler();
            try {
                assertTrue(scheduler.schedulerField(session).isPresent(),
                        "Payara's TyrusSession has no ScheduledExecutorService field '" + IdleTimerScheduler.SCHEDULER_FIELD + "'");
            } finally {
                scheduler.stop();
            }
        }
    }
}
