package org.callroom.signaling;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers a plain HTTP request to the signaling path (one without a WebSocket upgrade) with 426 and the
 * protocol to upgrade to, instead of the default servlet's 404. Owning {@code /signal/*} also spares each
 * WebSocket handshake a cost: Payara maps the upgrade request too, and with no servlet there it falls to
 * the default servlet, whose folder check looks the path up as a file and throws two exceptions per handshake.
 */
@WebServlet(name = "signal-upgrade-required", urlPatterns = "/signal/*")
public class UpgradeRequired extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(426);
        response.setHeader("Upgrade", "websocket");
        // Not "Connection: Upgrade": with it, Payara's Grizzly sends the body unframed and holds the connection for 30 s.
        response.setHeader("Connection", "close");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("This is Callroom's signaling WebSocket: connect with a WebSocket client (see docs/protocol.md).\n");
    }
}
