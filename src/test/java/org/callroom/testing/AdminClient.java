package org.callroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls a deployment's admin REST API (/api/v1/) as one of the {@link TestRealm}'s users, or as nobody. */
public final class AdminClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TestPeer.WAIT).build();

    /** A status and body; the body read as JSON only when asked for, after checking it says it is. */
    public record Reply(int status, String body, HttpResponse<String> response) {

        public JsonObject object() {
            return (JsonObject) json();
        }

        public JsonArray array() {
            return (JsonArray) json();
        }

        private JsonStructure json() {
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""), body);
            return Json.createReader(new StringReader(body)).read();
        }
    }

    private final URI base;

    /** For the deployment at {@code base} (ending in /). */
    public AdminClient(URI base) {
        this.base = base;
    }

    /** {@code method} on api/v1/{@code path}, with a JSON {@code body} or none, and Basic credentials or none. */
    public Reply call(String method, String path, String body, TestRealm.User user) throws IOException, InterruptedException {
        return call(method, path, body, user == null ? null : user.basic());
    }

    /** As above, with this Authorization header (Basic or Bearer) or none. */
    public Reply call(String method, String path, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/v1/" + path)).timeout(TestPeer.WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    /** As {@link TestRealm#OPERATOR}, who holds the admin role. */
    public Reply asOperator(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, TestRealm.OPERATOR);
    }
}
