package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleTimerSchedulerTest {

    /** Stands in for Tyrus's session: a private scheduler field, as in TyrusSession. */
    static final class ContainerSession {
        private ScheduledExecutorService service = Executors.newSingleThreadScheduledExecutor();

        ScheduledExecutorService scheduler() {
            return service;
        }
    }

    /** Same field name, another type: a Tyrus whose internals changed. */
    static final class ChangedContainerSession {
        @SuppressWarnings("unused")
        private Object service;
    }

    private final IdleTimerScheduler scheduler = new IdleTimerScheduler(ContainerSession.class.getName());

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    @Test
    void adoptsTheContainersSessionByGivingItThisScheduler() {
        ContainerSession session = new ContainerSession();
        ScheduledExecutorService managed = session.scheduler();

        assertTrue(scheduler.adopt(session));

        assertSame(scheduler.timers(), session.scheduler());
        managed.shutdownNow();
    }

    @Test
    void leavesOtherContainersSessionsAlone() {
        assertFalse(scheduler.adopt(new Object()));
        assertFalse(new IdleTimerScheduler().adopt(new ContainerSession()), "only Tyrus's own class is adopted by default");
    }

    @Test
    void leavesASessionAloneWhoseFieldIsNoLongerAScheduler() {
        IdleTimerScheduler changed = new IdleTimerScheduler(ChangedContainerSession.class.getName());
        try {
            assertFalse(changed.adopt(new ChangedContainerSession()));
        } finally {
            changed.stop();
        }
    }

    @Test
    void runsATimerDueNowInTheCallingThread() {
        Thread caller = Thread.currentThread();
        Thread[] ranOn = new Thread[1];

        ScheduledFuture<?> future = scheduler.timers().schedule(() -> {
            ranOn[0] = Thread.currentThread();
        }, 0, TimeUnit.MILLISECONDS);

        assertSame(caller, ranOn[0]);
        assertTrue(future.isDone());
        assertFalse(future.cancel(false));
    }

    @Test
    void aFailingTimerDueNowDoesNotFailTheFrameThatScheduledIt() {
        Runnable failing = () -> {
            throw new IllegalStateException("timer failed");
        };

        ScheduledFuture<?> future = scheduler.timers().schedule(failing, 0, TimeUnit.MILLISECONDS);

        assertTrue(future.isDone());
    }

    @Test
    void runsALaterTimerOnItsOwnThreadAndCanCancelIt() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();

        Runnable later = () -> ranOn.complete(Thread.currentThread());
        Runnable never = () -> ranOn.complete(null);
        scheduler.timers().schedule(later, 10, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> cancelled = scheduler.timers().schedule(never, 1, TimeUnit.HOURS);

        assertNotSame(Thread.currentThread(), ranOn.get(5, TimeUnit.SECONDS));
        assertTrue(cancelled.cancel(false));
    }

    @Test
    void dropsTimersOfferedAfterShutdownInsteadOfThrowingIntoTheContainer() {
        scheduler.stop();

        boolean[] ran = new boolean[1];
        Runnable timer = () -> ran[0] = true;
        scheduler.timers().schedule(timer, 0, TimeUnit.MILLISECONDS);
        scheduler.timers().schedule(timer, 5, TimeUnit.MILLISECONDS);

        assertFalse(ran[0]);
    }
}
