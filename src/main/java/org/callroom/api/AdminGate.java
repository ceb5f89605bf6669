package org.callroom.api;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.logging.Logger;
import org.callroom.auth.CallPageLogin;

/**
 * Lets into the admin REST API a bearer of {@code callroom.admin.api-key}, or a user the server authenticates (HTTP
 * Basic against its realm) who holds the role {@value AdminApplication#ADMIN_ROLE}; anyone else gets 401, or 403 for
 * the wrong role, and never any data. A filter rather than a web.xml constraint, which would demand Basic of bearers.
 */
@WebFilter(filterName = "admin-api-gate", urlPatterns = "/api/v1/*")
public class AdminGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logger.getLogger(AdminGate.class.getName());
    private static final String BEARER = "Bearer ";
    /** The principal a call with the API key runs as, so that logs say who acted. */
    private static final Principal API_KEY = () -> "api-key";

    @Inject
    transient AdminAccess access;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            if (!access.admits(authorization.substring(BEARER.length()).strip())) {
                LOG.info("event=refused reason=bad-api-key path=" + request.getRequestURI());
                response.setHeader("WWW-Authenticate", "Bearer realm=\"callroom\", error=\"invalid_token\"");
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "the bearer token is not this server's API key");
                return;
            }
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public Principal getUserPrincipal() {
                    return API_KEY;
                }

                @Override
                public boolean isUserInRole(String role) {
                    return AdminApplication.ADMIN_ROLE.equals(role);
                }
            }, response);
            return;
        }
        if (!CallPageLogin.loggedIn(request, response, "The admin API needs a login with the role " + AdminApplication.ADMIN_ROLE + ".")) {
            return;
        }
        if (!request.isUserInRole(AdminApplication.ADMIN_ROLE)) {
            LOG.info(() -> "event=refused reason=not-admin user=" + request.getUserPrincipal().getName());
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "this needs the role " + AdminApplication.ADMIN_ROLE);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(Json.createObjectBuilder().add("code", code).add("message", message).build().toString());
    }
}
