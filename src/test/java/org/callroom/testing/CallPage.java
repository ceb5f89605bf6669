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
import java.util.stream.IntStream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The call page in one browser, through its data-testid hooks, as a person would use it. */
public final class CallPage {

    public static final Duration CALL_SETUP = Duration.ofSeconds(45);

    /**
     * Hooks into every WebSocket the page creates, installed before the page's own scripts run: window.__sockets lists
     * them; a socket's __muted drops every frame in and out while its connection stays up (a socket that died
     * silently); window.__refuseSockets points new sockets at a closed port (the server out of reach);
     * window.__forgeResume replaces the resume token of the next join with one the server cannot verify.
     */
    public static final String SOCKET_HOOKS = """
            window.__sockets = [];
            const NativeWebSocket = window.WebSocket;
            window.WebSocket = class extends NativeWebSocket {
              constructor(url, protocols) {
                super(window.__refuseSockets ? 'ws://127.0.0.1:9/' : url, protocols);
                this.__muted = false;
                window.__sockets.push(this);
              }
              send(data) {
                if (this.__muted) return;
                const message = window.__forgeResume ? JSON.parse(data) : null;
                if (message?.type === 'join' && message.resume) {
                  window.__forgeResume = false;
                  data = JSON.stringify({ ...message, resume: 'forged.' + message.resume });
                }
                super.send(data);
              }
              addEventListener(type, listener, options) {
                const heard = type === 'message' ? (event) => { if (!this.__muted) listener.call(this, event); } : listener;
                super.addEventListener(type, heard, options);
              }
            };
            """;

    private final ChromeDriver driver;

    public CallPage(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Installs {@link #SOCKET_HOOKS} for every page this browser loads from now on; call before {@link #open}. */
    public CallPage hookSockets() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SOCKET_HOOKS));
        return this;
    }

    /**
     * Alice (her page's sockets hooked, see {@link #hookSockets()}) and then Bob join {@code room}, and wait until each
     * plays the other's media: the two pages of a call in progress.
     */
    public static CallPage[] twoInACall(URI base, Chromium alice, Chromium bob, String room) {
        CallPage alicePage = new CallPage(alice.driver).hookSockets().open(base, room, "Alice");
        alicePage.join();
        alicePage.awaitState("waiting");
        CallPage bobPage = new CallPage(bob.driver).open(base, room, "Bob");
        bobPage.join();
        alicePage.awaitRemoteMediaPlaying();
        bobPage.awaitRemoteMediaPlaying();
        alicePage.awaitState("connected");
        bobPage.awaitState("connected");
        return new CallPage[] {alicePage, bobPage};
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
        return remoteMediaPlaying(0);
    }

    /** {@link #remoteMediaPlaying()} for the remote tile at {@code index} (in the order the tiles appeared). */
    public boolean remoteMediaPlaying(int index) {
        Map<?, ?> first = remoteMedia(index);
        if (first == null || ((Number) first.get("width")).intValue() == 0 || !(Boolean) first.get("audioLive")) {
            return false;
        }
        sleep(Duration.ofMillis(800));
        Map<?, ?> second = remoteMedia(index);
        return second != null && ((Number) second.get("time")).doubleValue() > ((Number) first.get("time")).doubleValue()
                && ((Number) second.get("frames")).longValue() > ((Number) first.get("frames")).longValue();
    }

    /** Waits until every one of {@code count} remote tiles plays, and there are no more. */
    public void awaitRemoteMediaPlaying(int count) {
        waitFor(CALL_SETUP, count + " remote videos playing", () -> findAll("remote-video").size() == count
                && IntStream.range(0, count).allMatch(this::remoteMediaPlaying));
    }

    private Map<?, ?> remoteMedia() {
        return remoteMedia(0);
    }

    private Map<?, ?> remoteMedia(int index) {
        return (Map<?, ?>) driver.executeScript("""
                const v = document.querySelectorAll('[data-testid="remote-video"]')[arguments[0]];
                if (!v || !v.srcObject) return null;
                const audio = v.srcObject.getAudioTracks();
                return {
                  width: v.videoWidth,
                  time: v.currentTime,
                  frames: v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality().totalVideoFrames : 0,
                  audioLive: audio.length > 0 && audio.every(t => t.readyState === 'live' && !t.muted) && !v.muted && !v.paused
                };
                """, index);
    }

    /** The peer id the server gave this page, from its self-view; null outside a call. */
    public String selfPeerId() {
        return find("local-video").getAttribute("data-peer-id");
    }

    /** The peer ids of the remote tiles, in the order they appeared. */
    public List<String> remotePeerIds() {
        return findAll("remote-video").stream().map(video -> video.getAttribute("data-peer-id")).toList();
    }

    /** Remembers the remote tiles and their streams as they are now, for {@link #remoteTilesKept()}. */
    public void rememberRemoteTiles() {
        driver.executeScript("""
                window.__tiles = [...document.querySelectorAll('.tile.remote')];
                window.__streams = window.__tiles.map((tile) => tile.querySelector('video').srcObject);
                """);
    }

    /** Whether the page still shows exactly the remembered tiles, the same elements with the same streams. */
    public boolean remoteTilesKept() {
        return (Boolean) driver.executeScript("""
                const tiles = [...document.querySelectorAll('.tile.remote')];
                return tiles.length === window.__tiles.length
                  && tiles.every((tile, i) => tile === window.__tiles[i] && tile.querySelector('video').srcObject === window.__streams[i]);
                """);
    }

    /** Records every state the connection-state indicator shows from now on, for {@link #shownStates()}. */
    public void recordStates() {
        driver.executeScript("""
                const indicator = document.querySelector('[data-testid="connection-state"]');
                window.__states = [indicator.dataset.state];
                new MutationObserver((records) => records.forEach(() => window.__states.push(indicator.dataset.state)))
                  .observe(indicator, { attributes: true, attributeFilter: ['data-state'] });
                """);
    }

    /** The states shown since {@link #recordStates()}, in order (repeats included). */
    public List<String> shownStates() {
        return ((List<?>) driver.executeScript("return window.__states")).stream().map(String::valueOf).toList();
    }

    /** How many chat log lines contain {@code text}. */
    public long chatLines(String text) {
        return find("chat-log").findElements(By.tagName("li")).stream().filter(line -> line.getText().contains(text)).count();
    }

    /** Needs {@link #hookSockets()}: the page's signaling sockets in the given ready state ('any' for all). */
    public long sockets(String readyState) {
        return (Long) driver.executeScript(
                "return window.__sockets.filter((s) => arguments[0] === 'any' || s.readyState === WebSocket[arguments[0]]).length",
                readyState);
    }

    /** Needs {@link #hookSockets()}: closes the page's open signaling socket from the page's side, without leave. */
    public void cutSignaling() {
        assertEquals(1L, sockets("OPEN"), "one signaling socket open");
        driver.executeScript("window.__sockets.find((s) => s.readyState === WebSocket.OPEN).close()");
    }

    /** Needs {@link #hookSockets()}: the open socket carries nothing more either way, but its connection stays up. */
    public void silenceSignaling() {
        assertEquals(1L, sockets("OPEN"), "one signaling socket open");
        driver.executeScript("window.__sockets.find((s) => s.readyState === WebSocket.OPEN).__muted = true");
    }

    /** Needs {@link #hookSockets()}: while refused, every new socket fails to connect, as with the server out of reach. */
    public void refuseNewSockets(boolean refused) {
        driver.executeScript("window.__refuseSockets = arguments[0]", refused);
    }

    /** Needs {@link #hookSockets()}: the next join that resumes carries a resume token the server cannot verify. */
    public void forgeNextResume() {
        driver.executeScript("window.__forgeResume = true");
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
