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
 * Says on every page and file of the WAR which sites may frame it ({@code callroom.embed.origins}), so that no other
 * site can put the call page, with its camera and microphone, inside its own. The signaling socket needs no such header;
 * embed.js, which portals load from their own pages, is shared with every origin.
 */
@WebFilter(filterName = "call-page-headers", urlPatterns = "/*", asyncSupported = true)
public class CallPageHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Admission admission;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/signal/")) {
            response.setHeader("Content-Security-Policy", admission.embedding().contentSecurityPolicy());
        }
        if (path.equals("/embed.js")) {
            // Portals load it as a module from another origin, which browsers allow only with CORS; it holds no secret.
            response.setHeader("Access-Control-Allow-Origin", "*");
        }
        chain.doFilter(request, response);
    }
}
