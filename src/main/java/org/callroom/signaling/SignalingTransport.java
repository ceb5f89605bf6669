package org.callroom.signaling;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.callroom.signaling.grizzly.GrizzlySignaling;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which WebSocket implementation carries {@code /signal/{room}}, from {@code callroom.signaling.transport}:
 * <ul>
 * <li>{@code auto} (default): Grizzly's own engine where the server has one (Payara), else the standard endpoint;
 * <li>{@code standard}: always {@link SignalingEndpoint}, the portable Jakarta WebSocket endpoint;
 * <li>{@code grizzly}: Grizzly's engine, and the deployment fails on a server without it.
 * </ul>
 * Both speak the same protocol; the Grizzly one, with the selector-thread I/O strategy, costs a half to a third of the CPU per relayed message (docs/BENCHMARKS.md).
 * The standard endpoint stays deployed either way: where Grizzly's engine is not in the listener's filter chain,
 * requests simply reach it.
 */
@ApplicationScoped
public class SignalingTransport {

    /** The names {@code callroom.signaling.transport} accepts. */
    public enum Choice {
        AUTO, STANDARD, GRIZZLY;

        static Choice parse(String configured) {
            try {
                return valueOf(configured.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("callroom.signaling.transport must be auto, standard or grizzly, was '" + configured + "'", e);
            }
        }
    }

    static final String GRIZZLY_ENGINE = "org.glassfish.grizzly.websockets.WebSocketEngine";

    private static final Logger LOG = Logger.getLogger(SignalingTransport.class.getName());

    private final Choice choice;

    @Inject
    SignalingSockets sockets;

    private AutoCloseable grizzly;

    /** For the CDI proxy only. */
    protected SignalingTransport() {
        this.choice = Choice.AUTO;
    }

    @Inject
    public SignalingTransport(@ConfigProperty(name = "callroom.signaling.transport", defaultValue = "auto") String configured) {
        this.choice = Choice.parse(configured);
    }

    void start(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        if (uses(choice, grizzlyEngineAvailable())) {
            // GrizzlySignaling is loaded only here, so servers without Grizzly never resolve its types.
            grizzly = GrizzlySignaling.register(context.getContextPath(), sockets);
            LOG.info("Signaling on Grizzly's WebSocket engine (callroom.signaling.transport=" + name() + ")");
        } else {
            LOG.info("Signaling on the standard Jakarta WebSocket endpoint (callroom.signaling.transport=" + name() + ")");
        }
    }

    @PreDestroy
    void stop() {
        if (grizzly != null) {
            try {
                grizzly.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not unregister from Grizzly's WebSocket engine", e);
            }
        }
    }

    /** Whether Grizzly's engine carries the signaling, given the choice and whether the server has the engine. */
    static boolean uses(Choice choice, boolean engineAvailable) {
        return switch (choice) {
            case STANDARD -> false;
            case AUTO -> engineAvailable;
            case GRIZZLY -> {
                if (!engineAvailable) {
                    throw new IllegalStateException("callroom.signaling.transport=grizzly, but this server has no Grizzly WebSocket engine");
                }
                yield true;
            }
        };
    }

    static boolean grizzlyEngineAvailable() {
        try {
            Class.forName(GRIZZLY_ENGINE, false, SignalingTransport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    private String name() {
        return choice.name().toLowerCase(Locale.ROOT);
    }
}
