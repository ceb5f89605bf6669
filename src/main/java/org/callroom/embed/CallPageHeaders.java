package org.callroom.embed;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.callroom.admission.Admission;

/**
 * Says on every page and file of the WAR that its pages run only the WAR's own scripts, and which sites may frame them
 * ({@code callroom.embed.origins}): no other site can put the call page, with its camera and microphone, inside its
 * own, and nobody at all may frame the operator's page. The signaling socket needs no such header; embed.js, which
 * portals load from their own pages, is shared with every origin.
 */
@WebFilter(filterName = "call-page-headers", urlPatterns = "/*", asyncSupported = true)
public class CallPageHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Only the WAR's own files, and never inline script: a script named by a visitor's URL never runs here. */
    private static final String OWN_FILES_ONLY = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

    /** The operator's page: its Remove and Close room buttons must not be clickable through another site's frame. */
    private static final String OPERATOR_PAGE = OWN_FILES_ONLY + "; frame-ancestors 'none'";

    @Inject
    transient Admission admission;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/signal/")) {
            if (operatorPage(request, path)) {
                response.setHeader("Content-Security-Policy", OPERATOR_PAGE);
                response.setHeader("X-Frame-Options", "DENY");
            } else {
                response.setHeader("Content-Security-Policy", OWN_FILES_ONLY + "; " + admission.embedding().frameAncestors());
            }
            response.setHeader("X-Content-Type-Options", "nosniff");
            // An address may hold a room's name, and a link followed from a page must not tell another site either.
            response.setHeader("Referrer-Policy", "no-referrer");
        }
        if (path.equals("/embed.js")) {
            // Portals load it as a module from another origin, which browsers allow only with CORS; it holds no secret.
            response.setHeader("Access-Control-Allow-Origin", "*");
        }
        chain.doFilter(request, response);
    }

    /** On the container's normalized path, as its constraint on /admin/* decides, and on the raw one, to err strict. */
    private static boolean operatorPage(HttpServletRequest request, String rawPath) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/admin") || path.startsWith("/admin/") || rawPath.startsWith("/admin");
    }
}
