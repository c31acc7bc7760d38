package io.github.webpubsub.sample.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.github.webpubsub.sample.RealResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample against a real resource, with its users configured: those users sign in, and
 * the demo users do not exist.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { RealResource.CONNECTION_STRING_PROPERTY,
        RealResource.CAROL_PASSWORD_PROPERTY, RealResource.CAROL_ROLES_PROPERTY })
class RealResourceSignInTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    private int port;

    @Test
    void configuredUserSignsInAndGetsAUrlOfTheResource() throws Exception {
        HttpResponse<String> me = get("/api/me", "carol", RealResource.CAROL_PASSWORD);
        HttpResponse<String> negotiate = get("/negotiate", "carol", RealResource.CAROL_PASSWORD);

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).isEqualTo("{\"name\":\"carol\",\"admin\":true}");
        assertThat(negotiate.statusCode()).isEqualTo(200);
        assertThat(negotiate.body()).contains("\"baseUrl\":\"wss://example.webpubsub.azure.com/client/hubs/chat\"");
    }

    @ParameterizedTest
    @CsvSource({ "alice, alice", "bob, bob", "admin, admin", "carol, carol" })
    void demoUsersAndWrongPasswordsGet401(String user, String password) throws Exception {
        assertThat(get("/negotiate", user, password).statusCode()).isEqualTo(401);
        assertThat(get("/api/me", user, password).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        String credentials = Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
            .header("Authorization", "Basic " + credentials)
            .timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
