package org.callroom.signaling;

/**
 * A text message arriving in frames, put together up to a limit in UTF-8 bytes. Not thread-safe: the container
 * delivers one socket's frames one at a time.
 */
final class FragmentedText {

    private final long maxBytes;
    private final StringBuilder text = new StringBuilder();
    private long bytes;
    /** The message's earlier frames were dropped: the rest of it is too, up to its last frame. */
    private boolean dropping;

    FragmentedText(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a frame's text: the whole message once {@code last}, else null. A single-frame message is passed through
     * for the decoder to judge.
     *
     * @throws SignalDecoder.TooBig when the frames so far add up to more than the limit; what was kept is dropped
     */
    String add(String part, boolean last) throws SignalDecoder.TooBig {
        if (dropping) {
            dropping = !last;
            return null;
        }
        if (last && text.isEmpty()) {
            return part;
        }
        bytes += SignalDecoder.utf8Length(part);
        if (bytes > maxBytes) {
            clear();
            throw new SignalDecoder.TooBig(part);
        }
        text.append(part);
        if (!last) {
            return null;
        }
        String whole = text.toString();
        clear();
        return whole;
    }

    /** A frame was dropped (over the rate): what was kept of its message goes, and so does the rest of it. */
    void drop(boolean last) {
        clear();
        dropping = !last;
    }

    private void clear() {
        bytes = 0;
        text.setLength(0);
        if (text.capacity() > 1024) {
            text.trimToSize();
        }
    }
}
