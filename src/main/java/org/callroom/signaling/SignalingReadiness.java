package org.callroom.signaling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.callroom.room.RoomRegistry;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the deployment's settings passed and its room registry answers: sockets may then be sent here. */
@Readiness
@ApplicationScoped
public class SignalingReadiness implements HealthCheck {

    @Inject
    RoomRegistry registry;

    @Inject
    SignalingSockets sockets;

    @Override
    public HealthCheckResponse call() {
        // Resolving the beans is the check: each validated its settings when it was made, and a registry that
        // failed to start would throw here.
        return HealthCheckResponse.named("callroom-signaling").up().withData("rooms", registry.roomCount())
                .withData("frames-per-second", sockets.framesPerSecond).build();
    }
}
