package org.callroom.protocol;

import jakarta.json.bind.annotation.JsonbNillable;

/** The answer to {@link Ping}; a joined socket also gets a fresh resume token, so it can resume for a full grace period. */
@JsonbNillable(false)
public record Pong(String resumeToken) implements SignalMessage, ServerMessage {
}
