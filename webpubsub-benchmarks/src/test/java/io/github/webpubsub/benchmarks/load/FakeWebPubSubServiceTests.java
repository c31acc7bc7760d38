package io.github.webpubsub.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The fake service of the fault script answers as the service and App Service do, and
 * faults as told.
 */
class FakeWebPubSubServiceTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TOKEN_PATH = "/api/hubs/chat/:generateToken?api-version=2024-01-01&userId=alice"
            + "&role=webpubsub.sendToGroup.lobby&group=lobby&minutesToExpire=60&clientType=default";

    @TempDir
    Path dir;

    private FakeWebPubSubService service;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        if (this.service != null) {
            this.service.close();
        }
    }

    private FakeWebPubSubService start() {
        this.service = FakeWebPubSubService.start(0, "identity-header-value", this.dir.resolve("events.log"));
        return this.service;
    }

    @Test
    void identityEndpointAnswersLikeAppServiceWhenTheIdentityHeaderIsRight() throws Exception {
        start();

        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/msi/token?resource=https://webpubsub.azure.com"))
            .header("X-IDENTITY-HEADER", "other"));
        HttpResponse<String> right = send(HttpRequest.newBuilder(uri("/msi/token?resource=https://webpubsub.azure.com"))
            .header("X-IDENTITY-HEADER", "identity-header-value"));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(right.body());
        assertThat(body.path("access_token").asText()).isEqualTo(this.service.accessToken());
        assertThat(body.path("resource").asText()).isEqualTo("https://webpubsub.azure.com");
        assertThat(Long.parseLong(body.path("expires_on").asText()))
            .isGreaterThan(System.currentTimeMillis() / 1000 + 3000);
    }

    @Test
    void healthyServiceMintsASignedTokenForTheRequestedClaims() throws Exception {
        start();

        HttpResponse<String> response = send(tokenRequest());

        assertThat(response.statusCode()).isEqualTo(200);
        String token = JSON.readTree(response.body()).path("token").asText();
        String audience = this.service.uri() + "/client/hubs/chat";
        assertThat(new TokenVerifier(FakeWebPubSubService.SIGNING_KEY, audience, "alice").problems(token)).isEmpty();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
        assertThat(claims.path("role").toString()).isEqualTo("[\"webpubsub.sendToGroup.lobby\"]");
        assertThat(claims.path("webpubsub.group").toString()).isEqualTo("[\"lobby\"]");
    }

    @Test
    void healthyAnswersComeAfterTheConfiguredDelay() throws Exception {
        this.service = FakeWebPubSubService.start(0, "identity-header-value", this.dir.resolve("events.log"),
                Duration.ofMillis(200));

        long start = System.nanoTime();
        HttpResponse<String> response = send(tokenRequest());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void tokenApiRefusesAMissingBearerToken() throws Exception {
        start();

        HttpResponse<String> response = send(
                HttpRequest.newBuilder(uri(TOKEN_PATH)).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void failingServiceAnswers500AndAMalformedOneATokenlessBody() throws Exception {
        start();

        this.service.switchTo(FakeWebPubSubService.Mode.ERROR);
        HttpResponse<String> failed = send(tokenRequest());
        this.service.switchTo(FakeWebPubSubService.Mode.MALFORMED);
        HttpResponse<String> malformed = send(tokenRequest());

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(failed.body()).path("code").asText()).isEqualTo("InternalServerError");
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(malformed.body()).path("token").asText()).isEqualTo("not-a-jwt");
    }

    @Test
    void stalledRequestIsHeldUntilTheNextSwitchAndThenDropped() throws Exception {
        start();
        switchOverHttp("stall");

        CompletableFuture<HttpResponse<String>> stalled = this.http.sendAsync(tokenRequest().build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        assertThat(stalled).isNotDone();
        switchOverHttp("healthy");

        Throwable dropped = catchThrowable(() -> stalled.get(5, TimeUnit.SECONDS));
        assertThat(dropped).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        assertThat(send(tokenRequest()).statusCode()).isEqualTo(200);
    }

    @Test
    void everySwitchIsRecordedWithTheTokenCallsOfThePreviousMode() throws Exception {
        start();
        send(tokenRequest());
        send(tokenRequest());

        HttpResponse<String> switched = switchOverHttp("error");
        send(tokenRequest());
        switchOverHttp("healthy");
        HttpResponse<String> unknown = send(
                HttpRequest.newBuilder(uri("/control/mode/broken")).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(JSON.readTree(switched.body()).path("previousCalls").asLong()).isEqualTo(2);
        assertThat(unknown.statusCode()).isEqualTo(400);
        List<String> events = Files.readAllLines(this.dir.resolve("events.log"));
        assertThat(events).hasSize(3);
        assertThat(events).extracting((line) -> line.substring(line.indexOf(' ') + 1))
            .containsExactly("healthy 0", "error 2", "healthy 1");
        long start = Long.parseLong(events.get(0).split(" ")[0]);
        assertThat(start).isBetween(System.currentTimeMillis() * 1000 - 60_000_000, System.currentTimeMillis() * 1000);
    }

    private HttpRequest.Builder tokenRequest() {
        return HttpRequest.newBuilder(uri(TOKEN_PATH))
            .header("Authorization", "Bearer " + this.service.accessToken())
            .POST(HttpRequest.BodyPublishers.noBody());
    }

    private HttpResponse<String> switchOverHttp(String mode) throws IOException, InterruptedException {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(uri("/control/mode/" + mode)).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private URI uri(String pathAndQuery) {
        return URI.create(this.service.uri() + pathAndQuery);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

}
