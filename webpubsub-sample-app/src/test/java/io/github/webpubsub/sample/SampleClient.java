package io.github.webpubsub.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.github.webpubsub.sample.RunningSampleTests.SampleUser;

/**
 * An HTTP client of the running sample, as an API client or a script sees it: cookies
 * kept (the session and the CSRF token), redirects not followed, HTTP Basic credentials
 * sent when it has a user.
 */
public final class SampleClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CookieManager cookies = new CookieManager();

    private final HttpClient http = HttpClient.newBuilder()
        .cookieHandler(this.cookies)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT)
        .build();

    private final String authorization;

    private SampleClient(String authorization) {
        this.authorization = authorization;
    }

    /** A client that has not signed in. */
    public static SampleClient anonymous() {
        return new SampleClient(null);
    }

    /** A client that authenticates every request with HTTP Basic. */
    public static SampleClient basic(SampleUser user) {
        String credentials = user.name() + ":" + user.password();
        return new SampleClient(
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A client that authenticates with HTTP Basic, with another password than the user's.
     */
    public static SampleClient basic(String name, String password) {
        return basic(new SampleUser(name, password));
    }

    /**
     * Sends {@code GET}.
     * @param path the path, such as {@code /negotiate}
     * @param headers header names and values, alternately
     * @return the response
     */
    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    /**
     * Sends {@code POST} with a JSON body.
     * @param path the path
     * @param json the body
     * @param headers header names and values, alternately
     * @return the response
     */
    public HttpResponse<String> post(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Sends {@code POST} with a JSON body and the CSRF token in {@code X-XSRF-TOKEN}, as
     * the pages do. Asks for the token first, if no response has brought it yet.
     */
    public HttpResponse<String> postWithCsrfToken(String path, String json) {
        return post(path, json, "X-XSRF-TOKEN", csrfToken());
    }

    /**
     * Returns the CSRF token of the {@code XSRF-TOKEN} cookie, asking the sample for one
     * if needed.
     */
    public String csrfToken() {
        return this.cookies.getCookieStore()
            .getCookies()
            .stream()
            .filter((cookie) -> cookie.getName().equals("XSRF-TOKEN"))
            .map(HttpCookie::getValue)
            .findFirst()
            .orElseGet(() -> {
                get("/css/sample.css");
                return this.cookies.getCookieStore()
                    .getCookies()
                    .stream()
                    .filter((cookie) -> cookie.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("The sample set no XSRF-TOKEN cookie"));
            });
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(RunningSampleTests.sample(path)).timeout(TIMEOUT);
        if (this.authorization != null) {
            builder.header("Authorization", this.authorization);
        }
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
