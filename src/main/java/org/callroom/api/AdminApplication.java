package org.callroom.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The admin REST API under /api/v1/; {@link AdminGate} lets only the admin role or the API key in. */
@ApplicationPath("api/v1")
public class AdminApplication extends Application {

    /** The role every call to the API and the operator's page needs; the server maps its users or groups to it. */
    public static final String ADMIN_ROLE = "callroom-admin";
}
