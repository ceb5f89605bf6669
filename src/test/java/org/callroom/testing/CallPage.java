package org.callroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The call page in one browser, through its data-testid hooks, as a person would use it. */
public final class CallPage {

    public static final Duration CALL_SETUP = Duration.ofSeconds(45);

    private final ChromeDriver driver;

    public CallPage(ChromeDriver driver) {
        this.driver = driver;
    }

    public CallPage open(URI base, String room, String name) {
        driver.get(base + "?room=" + room + "&name=" + name);
        return this;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebElement find(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    public List<WebElement> findAll(String testId) {
        return driver.findElements(By.cssSelector("[data-testid='" + testId + "']"));
    }

    public void join() {
        find("join").click();
    }

    /** Joins from script, which gives the page no user activation (unlike a click). */
    public void joinWithoutGesture() {
        driver.executeScript("document.getElementById('join-form').requestSubmit()");
    }

    public void setField(String testId, String value) {
        WebElement field = find(testId);
        field.clear();
        field.sendKeys(value);
    }

    public String state() {
        return find("connection-state").getAttribute("data-state");
    }

    public void awaitState(String state) {
        waitFor(CALL_SETUP, "connection state " + state, () -> state.equals(state()));
    }

    /**
     * Waits until the remote video is really playing: frames decoded (videoWidth > 0), the playback
     * clock moving, and the remote audio track receiving (a remote track is muted until RTP arrives).
     */
    public void awaitRemoteMediaPlaying() {
        waitFor(CALL_SETUP, "remote video playing with live audio", this::remoteMediaPlaying);
    }

    /** True when remote frames are decoded, the playback clock and frame count advance, and remote audio is live. */
    public boolean remoteMediaPlaying() {
        Map<?, ?> first = remoteMedia();
        if (first == null || ((Number) first.get("width")).intValue() == 0 || !(Boolean) first.get("audioLive")) {
            return false;
        }
        sleep(Duration.ofMillis(800));
        Map<?, ?> second = remoteMedia();
        return ((Number) second.get("time")).doubleValue() > ((Number) first.get("time")).doubleValue()
                && ((Number) second.get("frames")).longValue() > ((Number) first.get("frames")).longValue();
    }

    private Map<?, ?> remoteMedia() {
        return (Map<?, ?>) driver.executeScript("""
                const v = document.querySelector('[data-testid="remote-video"]');
                if (!v || !v.srcObject) return null;
                const audio = v.srcObject.getAudioTracks();
                return {
                  width: v.videoWidth,
                  time: v.currentTime,
                  frames: v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality().totalVideoFrames : 0,
                  audioLive: audio.length > 0 && audio.every(t => t.readyState === 'live' && !t.muted) && !v.muted && !v.paused
                };
                """);
    }

    /** Mean brightness (0-255) of the remote video's current frame. */
    public double remoteBrightness() {
        return ((Number) driver.executeScript("""
                const v = document.querySelector('[data-testid="remote-video"]');
                const canvas = document.createElement('canvas');
                canvas.width = 64; canvas.height = 48;
                const g = canvas.getContext('2d');
                g.drawImage(v, 0, 0, 64, 48);
                const data = g.getImageData(0, 0, 64, 48).data;
                let sum = 0;
                for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
                return sum / (data.length / 4);
                """)).doubleValue();
    }

    /**
     * Loudest sample of the remote audio over about 2 s. The fake microphone beeps for 20 ms twice a second; the
     * analyser window (32768 samples, ~0.7 s) overlaps between polls, so a late timer on a busy machine cannot skip a beep.
     */
    private double remoteAudioPeak() {
        return ((Number) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const v = document.querySelector('[data-testid="remote-video"]');
                const context = new AudioContext();
                const analyser = context.createAnalyser();
                analyser.fftSize = 32768;
                context.createMediaStreamSource(v.srcObject).connect(analyser);
                const samples = new Float32Array(analyser.fftSize);
                let peak = 0;
                const sample = () => {
                  analyser.getFloatTimeDomainData(samples);
                  for (const s of samples) peak = Math.max(peak, Math.abs(s));
                };
                context.resume().then(() => {
                  const timer = setInterval(sample, 100);
                  setTimeout(() => { clearInterval(timer); sample(); context.close(); done(peak); }, 2200);
                });
                """)).doubleValue();
    }

    /** Waits until the remote audio's peak satisfies {@code heard}; the failure message carries the last peak. */
    public void awaitRemoteAudio(String what, java.util.function.DoublePredicate heard) {
        double[] last = {Double.NaN};
        waitFor(CALL_SETUP, () -> what + " (last remote audio peak " + last[0] + ")",
                () -> heard.test(last[0] = remoteAudioPeak()));
    }

    public void sendChat(String text) {
        waitFor(CALL_SETUP, "chat to open", () -> find("chat-input").isEnabled());
        find("chat-input").sendKeys(text);
        find("chat-send").click();
    }

    public void awaitChatLine(String text) {
        waitFor(CALL_SETUP, "chat log to show '" + text + "'", () -> find("chat-log").getText().contains(text));
    }

    public void hangUp() {
        find("leave").click();
    }

    public void awaitNoRemoteVideo() {
        waitFor(CALL_SETUP, "remote video to go away", () -> findAll("remote-video").isEmpty());
    }

    public void assertVisibleError(String fragment) {
        WebElement error = find("error");
        waitFor(CALL_SETUP, "error containing '" + fragment + "'", () -> error.isDisplayed() && error.getText().contains(fragment));
        assertTrue(error.getText().contains(fragment), error.getText());
    }

    public void awaitVisible(String testId) {
        waitFor(CALL_SETUP, testId + " to be visible", () -> find(testId).isDisplayed());
    }

    /** Waits until the lobby's camera preview shows frames. */
    public void awaitPreviewPlaying() {
        waitFor(CALL_SETUP, "the lobby's camera preview", () -> (Boolean) driver.executeScript("""
                const v = document.querySelector('[data-testid="preview-video"]');
                return v.srcObject !== null && v.videoWidth > 0 && !v.paused;
                """));
    }

    /** The id of the video track a video element shows, or null; with {@code keep}, the track is kept as window.__kept. */
    public String videoTrackId(String testId, boolean keep) {
        return (String) driver.executeScript("""
                const track = document.querySelector(`[data-testid="${arguments[0]}"]`).srcObject?.getVideoTracks()[0];
                if (arguments[1]) window.__kept = track;
                return track ? track.id : null;
                """, testId, keep);
    }

    /** The ready state ('live' or 'ended') of the track kept by {@link #videoTrackId(String, boolean)}. */
    public String keptTrackState() {
        return (String) driver.executeScript("return window.__kept.readyState;");
    }

    public boolean remoteVideoHasFrames() {
        Map<?, ?> media = remoteMedia();
        return media != null && ((Number) media.get("width")).intValue() > 0;
    }

    /** Whether the control is what a click at its centre would hit, i.e. nothing covers it. */
    public boolean reachable(String testId) {
        return (Boolean) driver.executeScript("""
                const control = document.querySelector(`[data-testid="${arguments[0]}"]`);
                const box = control.getBoundingClientRect();
                return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === control;
                """, testId);
    }

    public void assertNoError() {
        WebElement error = find("error");
        assertEquals("", error.isDisplayed() ? error.getText() : "", "no error shown");
    }

    public Path screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("callroom.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    public void waitFor(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        waitFor(timeout, () -> what, condition);
    }

    private void waitFor(Duration timeout, java.util.function.Supplier<String> what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                .withMessage(() -> "waited " + timeout.toSeconds() + " s for " + what.get() + "; page state: "
                        + find("connection-state").getText() + " / error: " + find("error").getText())
                .until(d -> condition.getAsBoolean());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
