package org.callroom.signaling;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.callroom.protocol.CloseCode;
import org.callroom.room.PeerSocket;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds signaling sockets that went silent without closing (a laptop that slept, a network that
 * changed): every interval each socket is pinged, and browsers answer pings by themselves. A socket
 * not heard from (any frame, pong included) for three intervals is closed, so its room learns it
 * left; one that has not joined {@link #JOIN_DEADLINE} after opening is closed too. The container's
 * own idle timeout cannot do this: sending a ping counts as activity for it.
 */
@ApplicationScoped
public class Heartbeat {

    /** How long a socket may stay open without joining; the page joins as soon as its socket opens, even on a slow network. */
    public static final Duration JOIN_DEADLINE = Duration.ofSeconds(10);

    /** One watched socket; {@link #heard()} on every frame that arrives. */
    public static final class Watch {
        private final PeerSocket socket;
        private final BooleanSupplier joined;
        private final long openedAt;
        private volatile long lastHeard;

        private Watch(PeerSocket socket, BooleanSupplier joined, long now) {
            this.socket = socket;
            this.joined = joined;
            this.openedAt = now;
            this.lastHeard = now;
        }

        public void heard() {
            lastHeard = System.nanoTime();
        }

        /** How long the socket has been silent at {@code now} (System.nanoTime()). */
        long silence(long now) {
            return now - lastHeard;
        }

        /** Closes the socket itself, not through its mailbox: for a socket taken to be dead. */
        void close(CloseCode code, String reason) {
            socket.close(code, reason);
        }
    }

    /** Sockets being watched; added on open and removed on close from container threads. */
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final long intervalNanos;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile ScheduledFuture<?> beats;
    /** When the last beat ran; a stuck scheduler shows as overdue beats, which liveness reports. */
    private volatile long lastBeat = System.nanoTime();

    /** For the CDI proxy only. */
    protected Heartbeat() {
        this.intervalNanos = 0;
    }

    @Inject
    public Heartbeat(@ConfigProperty(name = "callroom.signaling.heartbeat-seconds", defaultValue = "30") int seconds) {
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("callroom.signaling.heartbeat-seconds must be 1-3600, was " + seconds);
        }
        this.intervalNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object deployment) {
        long millis = TimeUnit.NANOSECONDS.toMillis(intervalNanos);
        beats = scheduler.scheduleAtFixedRate(() -> tick(System.nanoTime()), millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (beats != null) {
            beats.cancel(false);
        }
    }

    public Watch watch(PeerSocket socket, BooleanSupplier joined) {
        Watch watch = new Watch(socket, joined, System.nanoTime());
        watches.add(watch);
        return watch;
    }

    public void forget(Watch watch) {
        watches.remove(watch);
    }

    /** How many sockets are watched: every open signaling socket. */
    public int watched() {
        return watches.size();
    }

    /** Whether the beats go on: started, not cancelled, and the last one not overdue. */
    public boolean beating() {
        ScheduledFuture<?> running = beats;
        return running != null && !running.isDone() && System.nanoTime() - lastBeat < 3 * intervalNanos;
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    /** One beat: close the silent and the never-joined, ping the rest. */
    void tick(long now) {
        lastBeat = now;
        for (Watch watch : watches) {
            if (now - watch.lastHeard > 3 * intervalNanos) {
                forget(watch);
                watch.socket.close(CloseCode.GOING_AWAY, "no answer to pings");
            } else if (!watch.joined.getAsBoolean() && now - watch.openedAt > JOIN_DEADLINE.toNanos()) {
                forget(watch);
                watch.socket.close(CloseCode.POLICY_VIOLATION, "join was not sent in time");
            } else {
                watch.socket.ping();
            }
        }
    }
}
