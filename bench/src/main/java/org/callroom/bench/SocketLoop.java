package org.callroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread that reads every simulated peer's socket, as a browser's or a Node client's event loop would.
 * Sends do not pass through it: the sending thread writes to the socket itself, and the loop only
 * finishes writes the kernel could not take at once. A generator built this way costs the machine a
 * fraction of what the JDK's HttpClient WebSocket costs per message, which leaves the cores to the server.
 */
final class SocketLoop implements AutoCloseable {

    /** What the loop needs of a socket it serves. */
    interface Handler {
        void connectable(SelectionKey key) throws IOException;

        void readable(SelectionKey key) throws IOException;

        void writable(SelectionKey key) throws IOException;

        void failed(IOException failure);
    }

    private final Selector selector;
    /** Registrations from other threads, run by the loop: a selector's key set is only safe to change on its own thread. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean open = true;

    SocketLoop() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, "socket-loop");
        thread.setDaemon(true);
        thread.start();
    }

    void register(SocketChannel channel, int ops, Handler handler) {
        tasks.add(() -> {
            try {
                channel.register(selector, ops, handler);
            } catch (IOException e) {
                handler.failed(e);
            }
        });
        selector.wakeup();
    }

    /** Asks the loop to finish a write the kernel did not take at once. */
    void wantWrite(SocketChannel channel) {
        tasks.add(() -> {
            SelectionKey key = channel.keyFor(selector);
            if (key != null && key.isValid()) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            }
        });
        selector.wakeup();
    }

    private void run() {
        while (open) {
            try {
                selector.select();
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Handler handler = (Handler) key.attachment();
                    try {
                        if (key.isValid() && key.isConnectable()) {
                            handler.connectable(key);
                        }
                        if (key.isValid() && key.isReadable()) {
                            handler.readable(key);
                        }
                        if (key.isValid() && key.isWritable()) {
                            handler.writable(key);
                        }
                    } catch (IOException | RuntimeException e) {
                        key.cancel();
                        handler.failed(e instanceof IOException io ? io : new IOException(e));
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                if (open) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        selector.wakeup();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }
}
