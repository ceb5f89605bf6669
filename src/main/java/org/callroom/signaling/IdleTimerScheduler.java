package org.callroom.signaling;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives Tyrus's per-frame idle timers a plain scheduler; on any other WebSocket container it does nothing.
 *
 * <p>Payara's Tyrus schedules an idle-timeout task for every frame, even with the timeout off (TYRUS-310,
 * eclipse-ee4j/tyrus#487), on the managed executor, whose per-task context capture is costly (docs/BENCHMARKS.md). With
 * the idle timeout at 0, as {@link SignalingEndpoint} sets it, the timers do nothing, so moving them changes only their cost.
 */
@ApplicationScoped
public class IdleTimerScheduler {

    /** The container session class whose timers this moves, and its private field holding their scheduler. */
    static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
    static final String SCHEDULER_FIELD = "service";

    private static final Logger LOG = Logger.getLogger(IdleTimerScheduler.class.getName());

    private final String sessionClass;
    private final ClassValue<Optional<Field>> schedulerFields = new ClassValue<>() {
        @Override
        protected Optional<Field> computeValue(Class<?> type) {
            return schedulerField(type);
        }
    };

    /** One thread is plenty: each timer is a check that returns at once. Tasks offered after shutdown are dropped, not thrown into the container's send path. */
    private final ScheduledThreadPoolExecutor timers = new Timers();

    public IdleTimerScheduler() {
        this(TYRUS_SESSION);
    }

    IdleTimerScheduler(String sessionClass) {
        this.sessionClass = sessionClass;
    }

    /**
     * Moves the idle timers of this socket (the container's {@code Session}) to this scheduler, if the container is
     * Tyrus. Tyrus reads the field without a lock, so a frame thread may still use the managed executor for a moment:
     * slower, never wrong.
     *
     * @return whether the session was adopted
     */
    public boolean adopt(Object session) {
        Optional<Field> field = schedulerFields.get(session.getClass());
        if (field.isEmpty()) {
            return false;
        }
        try {
            field.get().set(session, timers);
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.log(Level.FINE, "could not move the idle timers of a Tyrus session", e);
            return false;
        }
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }

    Optional<Field> schedulerField(Class<?> type) {
        if (!type.getName().equals(sessionClass)) {
            return Optional.empty();
        }
        try {
            Field field = type.getDeclaredField(SCHEDULER_FIELD);
            if (field.getType() != ScheduledExecutorService.class) {
                throw new NoSuchFieldException(SCHEDULER_FIELD + " is a " + field.getType().getName());
            }
            field.setAccessible(true);
            LOG.fine("Tyrus idle timers run on Callroom's own scheduler, not the managed executor (TYRUS-310)");
            return Optional.of(field);
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.log(Level.WARNING, "This Tyrus differs from 2.1.x; its idle timers stay on the managed executor, which costs"
                    + " CPU per frame: " + e);
            return Optional.empty();
        }
    }

    /**
     * Runs a timer due now in the calling thread: with the idle timeout off, Tyrus schedules a zero-delay check per
     * frame, and handing each to another thread would cost two context switches for a check that does nothing.
     */
    static final class Timers extends ScheduledThreadPoolExecutor {
        Timers() {
            super(1, daemon("callroom-idle-timers"), new DiscardPolicy());
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            if (delay > 0 || isShutdown()) {
                return super.schedule(command, delay, unit);
            }
            try {
                command.run();
            } catch (RuntimeException e) {
                // As on a pool thread: a failing timer must not fail the frame that scheduled it.
                LOG.log(Level.FINE, "an idle timer failed", e);
            }
            return Ran.INSTANCE;
        }
    }

    /** The future of a timer that already ran. */
    private static final class Ran implements ScheduledFuture<Object> {
        static final Ran INSTANCE = new Ran();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
