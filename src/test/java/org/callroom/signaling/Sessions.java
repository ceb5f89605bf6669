package org.callroom.signaling;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.callroom.auth.ResumeTokens;
import org.callroom.ice.IceConfiguration;

/** What a SignalingSession is built from in unit tests: fixed ICE servers, a resume key, a clock and a grace period run by hand. */
final class Sessions {

    static final String STUN = "stun:stun.example.org";
    static final byte[] RESUME_KEY = "a resume key for tests, 32 bytes+".getBytes(StandardCharsets.UTF_8);
    static final int GRACE_SECONDS = 30;
    /** The resume token's life by default (callroom.resume.token-seconds). */
    static final int TOKEN_SECONDS = 300;

    private Sessions() {
    }

    static IceConfiguration ice() {
        return new IceConfiguration(Optional.of(STUN), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static ResumeTokens resumeTokens(Clock clock) {
        return new ResumeTokens(GRACE_SECONDS, TOKEN_SECONDS, RESUME_KEY, clock);
    }

    static Clock fixedClock(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    /** The tasks waiting for the end of a grace period; {@link #end()} runs them as the scheduler would. */
    static final class Grace implements Consumer<Runnable> {
        private final List<Runnable> waiting = new ArrayList<>();

        @Override
        public synchronized void accept(Runnable task) {
            waiting.add(task);
        }

        synchronized int waiting() {
            return waiting.size();
        }

        void end() {
            List<Runnable> due;
            synchronized (this) {
                due = List.copyOf(waiting);
                waiting.clear();
            }
            due.forEach(Runnable::run);
        }
    }
}
