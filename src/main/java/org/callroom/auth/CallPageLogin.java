package org.callroom.auth;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * In container mode the call page asks the server's login first (Basic's prompt, a login form, an SSO redirect), so
 * that the browser brings the same credentials or session to the signaling handshake, which refuses anyone anonymous.
 */
@WebFilter(filterName = "call-page-login", urlPatterns = "/*")
public class CallPageLogin extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** What an anonymous visitor of the call page reads, in container mode. */
    public static final String LOG_IN = "Log in to the server to join calls (callroom.auth.mode=container).";

    @Inject
    transient AuthConfiguration auth;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (auth.container() && isCallPage(request) && !loggedIn(request, response, LOG_IN)) {
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Whether the server knows who sent the request, after asking its login mechanism if need be; if not, the response
     * is the mechanism's challenge (401), with {@code refusal} as its text. WildFly throws instead of answering false,
     * so the challenge is then sent here.
     */
    public static boolean loggedIn(HttpServletRequest request, HttpServletResponse response, String refusal) throws IOException {
        if (request.getUserPrincipal() != null) {
            return true;
        }
        try {
            if (request.authenticate(response)) {
                return true;
            }
        } catch (ServletException notAuthenticated) {
            // Undertow: "UT010032: Authentication failed" for no or wrong credentials.
        }
        if (!response.isCommitted()) {
            if (response.getStatus() != HttpServletResponse.SC_UNAUTHORIZED || response.getHeader("WWW-Authenticate") == null) {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + request.getServerName() + "\"");
            }
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().println(refusal);
        }
        return false;
    }

    /** The page itself: its scripts and styles are no secret, and each request for one needs no prompt. */
    private static boolean isCallPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.isEmpty() || path.equals("/") || path.equals("/index.html");
    }
}
