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

    @Override
    public HealthCheckResponse call() {
        // Reaching the registry is the check: the deployment's beans validated their settings at start-up, and a
        // registry that failed to start would throw here.
        return HealthCheckResponse.named("callroom-signaling").up().withData("rooms", registry.roomCount()).build();
    }
}
