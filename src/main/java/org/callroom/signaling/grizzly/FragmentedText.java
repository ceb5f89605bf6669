package org.callroom.signaling.grizzly;

/** A text message arriving in fragments, put together up to a limit. Not thread-safe: one reading thread owns it. */
final class FragmentedText {

    private final int maxChars;
    private final StringBuilder text = new StringBuilder();

    FragmentedText(int maxChars) {
        this.maxChars = maxChars;
    }

    /** False when the message would grow past the limit; nothing is added then. */
    boolean append(String fragment) {
        if (text.length() + fragment.length() > maxChars) {
            return false;
        }
        text.append(fragment);
        return true;
    }

    /** The whole message, and a fresh start for the next one. */
    String take() {
        String whole = text.toString();
        clear();
        return whole;
    }

    void clear() {
        text.setLength(0);
        if (text.capacity() > 1024) {
            text.trimToSize();
        }
    }
}
