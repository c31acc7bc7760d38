package io.github.webpubsub.compat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.Environment;

/**
 * Calls a running application over HTTP, as its clients do, with the JDK's client: the
 * same on every Spring Boot line and web stack, where the test clients of Spring differ.
 */
final class RunningApplication {

    static final String USER = "alice";

    static final String PASSWORD = "alice-password";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;

    private RunningApplication(URI base) {
        this.base = base;
    }

    /** The application of a {@code @SpringBootTest} on a random port. */
    static RunningApplication of(Environment environment) {
        return new RunningApplication(URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port")));
    }

    /** {@code GET path} as alice, through HTTP Basic. */
    HttpResponse<String> getAsAlice(String path) {
        return send(request(path).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))));
    }

    /** {@code GET path} without credentials. */
    HttpResponse<String> getAnonymously(String path) {
        return send(request(path));
    }

    static Map<String, Object> json(String json) {
        return JsonParserFactory.getJsonParser().parseMap(json);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(this.base.resolve(path))
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
