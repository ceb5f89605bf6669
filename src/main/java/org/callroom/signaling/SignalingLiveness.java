package org.callroom.signaling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while the heartbeat beats: a stuck scheduler would leave dead sockets holding their places unnoticed. */
@Liveness
@ApplicationScoped
public class SignalingLiveness implements HealthCheck {

    @Inject
    Heartbeat heartbeat;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("callroom-heartbeat").status(heartbeat.beating())
                .withData("sockets", heartbeat.watched()).build();
    }
}
