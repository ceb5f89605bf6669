package org.callroom.signaling.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.callroom.protocol.ServerMessage;
import org.callroom.signaling.SignalingSockets;
import org.junit.jupiter.api.Test;

class OpenSocketsTest {

    private static final class Recording implements SignalingSockets.Connection {
        final List<String> closes = new ArrayList<>();

        @Override
        public void send(ServerMessage message, Consumer<Throwable> completion) {
            completion.accept(null);
        }

        @Override
        public void ping() {
        }

        @Override
        public void close(int closeCode, String reason) {
            closes.add(closeCode + " " + reason);
        }
    }

    @Test
    void closingTheRegistrationClosesEverySocketStillOpenWith1001() {
        OpenSockets<Recording> open = new OpenSockets<>();
        Recording stillOpen = new Recording();
        Recording alreadyGone = new Recording();
        open.opened(stillOpen);
        open.opened(alreadyGone);
        open.closed(alreadyGone);

        open.closeAll();

        assertEquals(List.of("1001 server going away"), stillOpen.closes);
        assertEquals(List.of(), alreadyGone.closes);
        assertEquals(0, open.count());
    }

    @Test
    void aSocketIsClosedOnceEvenWhenItsCloseIsReportedBack() {
        OpenSockets<Recording> open = new OpenSockets<>();
        Recording socket = new Recording();
        open.opened(socket);
        open.closeAll();
        open.closed(socket);
        open.closeAll();
        assertEquals(1, socket.closes.size());
    }
}
