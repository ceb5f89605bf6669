package org.callroom.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Call set-up time in a real browser: from the Join click to the first decoded remote video frame
 * through Callroom, beside the floor measured in the same run (two RTCPeerConnections in one page
 * connected directly, camera included in both). Headless Debian Chromium with a fake camera.
 *
 * <pre>java -cp bench/target/callroom-bench.jar org.callroom.bench.BrowserCallSetup --url=http://127.0.0.1:8080/ --calls=15</pre>
 */
public final class BrowserCallSetup {

    private static final List<String> FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
            "--autoplay-policy=no-user-gesture-required", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic");

    /** Installed on the second joiner's page: notes the Join click and the first frame of the remote video. */
    private static final String WATCH = """
            window.__setup = {};
            document.querySelector('[data-testid="join"]').addEventListener('click',
                () => { window.__setup.click = performance.now(); }, { capture: true });
            new MutationObserver(() => {
              const video = document.querySelector('[data-testid="remote-video"]');
              if (video && !video.__watched) {
                video.__watched = true;
                video.requestVideoFrameCallback(() => { window.__setup.frame = performance.now(); });
              }
            }).observe(document.body, { childList: true, subtree: true });
            """;

    /** The page's User Timing marks of the last call set-up, as epoch milliseconds (the two browsers share a clock). */
    private static final String MARKS = """
            const marks = {};
            for (const m of performance.getEntriesByType('mark')) {
              if (m.name.startsWith('callroom:') && !(m.name in marks)) marks[m.name.slice(9)] = performance.timeOrigin + m.startTime;
            }
            if (window.__setup?.frame) marks['first-frame'] = performance.timeOrigin + window.__setup.frame;
            return marks;
            """;

    private static final String PREVIEW_PLAYING = "return document.querySelector('[data-testid=\"preview-video\"]').videoWidth > 0";

    /**
     * Two peer connections in one page, no server: offer, answer, candidates, first frame. Returns two times: from
     * before getUserMedia (camera included) and from when the camera is ready (as after a lobby preview).
     */
    private static final String FLOOR = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const start = performance.now();
              const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              const ready = performance.now();
              const a = new RTCPeerConnection({ iceServers: [] });
              const b = new RTCPeerConnection({ iceServers: [] });
              a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
              b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
              const video = document.createElement('video');
              video.muted = true; video.autoplay = true; video.playsInline = true;
              document.body.append(video);
              b.ontrack = (e) => {
                if (video.srcObject) return;
                video.srcObject = e.streams[0];
                video.requestVideoFrameCallback(() => {
                  const now = performance.now();
                  stream.getTracks().forEach((t) => t.stop()); a.close(); b.close(); video.remove();
                  done([now - start, now - ready]);
                });
              };
              stream.getTracks().forEach((t) => a.addTrack(t, stream));
              await a.setLocalDescription();
              await b.setRemoteDescription(a.localDescription);
              await b.setLocalDescription();
              await a.setRemoteDescription(b.localDescription);
            })().catch((e) => done([-1, -1]));
            """;

    private BrowserCallSetup() {
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080/";
        int calls = 15;
        String out = null;
        for (String arg : args) {
            if (arg.startsWith("--url=")) {
                url = arg.substring(6);
            } else if (arg.startsWith("--calls=")) {
                calls = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("--out=")) {
                out = arg.substring(6);
            }
        }
        List<Double> callroom = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> floorReady = new ArrayList<>();
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        ChromeDriver alice = browser();
        ChromeDriver bob = browser();
        try {
            for (int call = 0; call <= calls; call++) {
                String room = "setup-" + Long.toString(System.nanoTime(), 36);
                alice.get(url + "?room=" + room + "&name=Alice");
                waitFor(alice, PREVIEW_PLAYING);
                alice.findElement(By.cssSelector("[data-testid='join']")).click();
                waitFor(alice, "return document.querySelector('[data-testid=\"connection-state\"]').dataset.state === 'waiting'");
                bob.get(url + "?room=" + room + "&name=Bob");
                waitFor(bob, PREVIEW_PLAYING); // As a person does: they see themselves in the lobby, then click Join.
                bob.executeScript(WATCH);
                bob.findElement(By.cssSelector("[data-testid='join']")).click();
                waitFor(bob, "return window.__setup.frame !== undefined");
                double setup = ((Number) bob.executeScript("return window.__setup.frame - window.__setup.click")).doubleValue();
                Map<String, Double> marks = new TreeMap<>();
                ((Map<?, ?>) bob.executeScript(MARKS)).forEach((k, v) -> marks.put("joiner " + k, ((Number) v).doubleValue()));
                ((Map<?, ?>) alice.executeScript(MARKS)).forEach((k, v) -> marks.put("other " + k, ((Number) v).doubleValue()));
                List<?> direct = (List<?>) bob.executeAsyncScript(FLOOR);
                double withCamera = ((Number) direct.get(0)).doubleValue();
                double cameraReady = ((Number) direct.get(1)).doubleValue();
                if (call > 0) { // The first call warms both browsers and the server up.
                    callroom.add(setup);
                    floor.add(withCamera);
                    floorReady.add(cameraReady);
                    Double join = marks.get("joiner join");
                    marks.entrySet().stream().filter(e -> !e.getKey().endsWith(" join") && join != null && e.getValue() >= join)
                            .forEach(e -> stages.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue() - join));
                }
                System.out.printf("call %2d: through Callroom %.0f ms, in-page floor %.0f ms (%.0f ms with the camera ready)%n",
                        call, setup, withCamera, cameraReady);
                Double joinedAt = marks.get("joiner join");
                if (joinedAt != null) { // This call's own order of stages; medians of separate stages can hide it.
                    StringBuilder timeline = new StringBuilder("         ");
                    marks.entrySet().stream().filter(e -> e.getValue() >= joinedAt && !e.getKey().endsWith(" join"))
                            .sorted(Map.Entry.comparingByValue())
                            .forEach(e -> timeline.append(' ').append(e.getKey().replace(' ', ':')).append('=')
                                    .append(Math.round(e.getValue() - joinedAt)));
                    System.out.println(timeline);
                }
                bob.findElement(By.cssSelector("[data-testid='leave']")).click();
                alice.findElement(By.cssSelector("[data-testid='leave']")).click();
            }
        } finally {
            alice.quit();
            bob.quit();
        }
        StringBuilder report = new StringBuilder();
        report.append("browser_calls=").append(callroom.size()).append('\n')
                .append("browser_setup_ms_median=").append(Math.round(percentile(callroom, 50))).append('\n')
                .append("browser_setup_ms_p95=").append(Math.round(percentile(callroom, 95))).append('\n')
                .append("floor_setup_ms_median=").append(Math.round(percentile(floor, 50))).append('\n')
                .append("floor_setup_ms_p95=").append(Math.round(percentile(floor, 95))).append('\n')
                .append("floor_camera_ready_ms_median=").append(Math.round(percentile(floorReady, 50))).append('\n')
                .append("floor_camera_ready_ms_p95=").append(Math.round(percentile(floorReady, 95))).append('\n')
                .append(String.format("median_ratio=%.2f%n", percentile(callroom, 50) / percentile(floor, 50)))
                .append(String.format("median_ratio_camera_ready=%.2f%n", percentile(callroom, 50) / percentile(floorReady, 50)));
        // When each stage was reached after the Join click, by median: where the set-up time goes.
        stages.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.comparingDouble(v -> percentile(v, 50))))
                .forEach(e -> report.append("stage_ms_median.").append(e.getKey().replace(' ', '.')).append('=')
                        .append(Math.round(percentile(e.getValue(), 50))).append('\n'));
        System.out.print(report);
        if (out != null) {
            Files.writeString(Path.of(out), report);
        }
        System.exit(0);
    }

    private static ChromeDriver browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getenv().getOrDefault("CALLROOM_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + Files.createTempDirectory("callroom-bench-chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getenv().getOrDefault("CALLROOM_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static void waitFor(ChromeDriver driver, String condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(driver.executeScript(condition))) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("timed out: " + condition);
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> values, double percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
