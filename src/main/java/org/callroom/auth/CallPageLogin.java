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

    @Inject
    transient AuthConfiguration auth;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (auth.container() && isCallPage(request) && request.getUserPrincipal() == null && !request.authenticate(response)) {
            return;
        }
        chain.doFilter(request, response);
    }

    /** The page itself: its scripts and styles are no secret, and each request for one needs no prompt. */
    private static boolean isCallPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.isEmpty() || path.equals("/") || path.equals("/index.html");
    }
}
