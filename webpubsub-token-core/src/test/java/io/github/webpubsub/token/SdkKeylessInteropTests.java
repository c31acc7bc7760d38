package io.github.webpubsub.token;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubClientAccessToken;
import com.azure.messaging.webpubsub.models.WebPubSubClientProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.webpubsub.token.FakeWebPubSubService.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key-less mode against the official Java SDK 1.4.0: for the same inputs, the request
 * this project sends to the Generate Client Token operation carries what the SDK's
 * carries. The SDK refuses bearer tokens over http, so its request is captured by an
 * azure-core {@link HttpClient} that records it and answers like the service. Each test
 * runs through {@code create} and through {@code createAsync}.
 */
@ParameterizedClass
@EnumSource(Mint.class)
class SdkKeylessInteropTests {

    private static final String ENDPOINT = "https://example.webpubsub.azure.com";

    private final FakeWebPubSubService service = FakeWebPubSubService.start();

    private final RecordingHttpClient sdkHttp = new RecordingHttpClient();

    private final Mint mint;

    SdkKeylessInteropTests(Mint mint) {
        this.mint = mint;
    }

    @AfterEach
    void stopService() {
        this.service.close();
    }

    private WebPubSubServiceClient sdk() {
        TokenCredential credential = (context) -> {
            assertThat(context.getScopes()).containsExactly("https://webpubsub.azure.com/.default");
            return Mono.just(new AccessToken("sdk-bearer", OffsetDateTime.now().plusHours(1)));
        };
        return new WebPubSubServiceClientBuilder().endpoint(ENDPOINT)
            .credential(credential)
            .hub("chat")
            .httpClient(this.sdkHttp)
            .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
            .buildClient();
    }

    private ClientUrlFactory ours() {
        return this.mint.through(ClientUrlFactory.builder()
            .endpoint(URI.create(ENDPOINT))
            .reverseProxyEndpoint(this.service.endpoint())
            .bearerTokenProvider((scope) -> new BearerToken("our-bearer", Instant.now().plusSeconds(3600)))
            .hub("chat")
            .build());
    }

    @Test
    void sendsWhatTheSdkSendsForTheSameInputs() {
        List<String> roles = List.of("webpubsub.sendToGroup.lobby", "webpubsub.joinLeaveGroup.lobby",
                "webpubsub.sendToGroup.a b+c");
        List<String> groups = List.of("lobby", "g&h=i", "日本 😀");
        String userId = "al ice+bob&x=1#frag/é";

        WebPubSubClientAccessToken sdkAccess = sdk()
            .getClientAccessToken(new GetClientAccessTokenOptions().setUserId(userId)
                .setRoles(roles)
                .setGroups(groups)
                .setExpiresAfter(Duration.ofMinutes(5))
                .setWebPubSubClientProtocol(WebPubSubClientProtocol.MQTT));
        ClientAccess ourAccess = ours().create(ClientAccessRequest.builder()
            .userId(userId)
            .roles(roles)
            .groups(groups)
            .lifetime(Duration.ofMinutes(5))
            .protocol(ClientProtocol.MQTT)
            .build());

        HttpRequest sdkRequest = this.sdkHttp.onlyRequest();
        RecordedRequest ourRequest = this.service.onlyRequest();
        assertThat(ourRequest.method()).isEqualTo(sdkRequest.getHttpMethod().name()).isEqualTo("POST");
        assertThat(ourRequest.rawPath()).isEqualTo(sdkRequest.getUrl().getPath())
            .isEqualTo("/api/hubs/chat/:generateToken");
        assertThat(ourRequest.queryParameters())
            .isEqualTo(FakeWebPubSubService.decodeQuery(sdkRequest.getUrl().getQuery()))
            .containsEntry("api-version", List.of("2024-01-01"))
            .containsEntry("userId", List.of(userId))
            .containsEntry("minutesToExpire", List.of("5"))
            .containsEntry("role", roles)
            .containsEntry("group", groups)
            .containsEntry("clientType", List.of("mqtt"));
        // The SDK also accepts text/json; the service answers application/json, which is
        // all the SPEC asks for.
        assertThat(sdkRequest.getHeaders().getValue(HttpHeaderName.ACCEPT)).isEqualTo("application/json, text/json");
        assertThat(ourRequest.header("Accept")).isEqualTo("application/json");
        // Byte for byte the same query, in the same order; the SDK leaves '/' unencoded
        // (RFC 3986 allows both).
        assertThat(ourRequest.rawQuery()).isEqualTo(sdkRequest.getUrl().getQuery().replace("/", "%2F"));
        assertThat(sdkRequest.getHeaders().getValue(HttpHeaderName.AUTHORIZATION)).isEqualTo("Bearer sdk-bearer");
        assertThat(ourRequest.header("Authorization")).isEqualTo("Bearer our-bearer");
        // Given the same answer, both hand out the same URL, built from the configured
        // endpoint.
        assertThat(ourAccess.url()).hasToString(sdkAccess.getUrl());
        assertThat(ourAccess.token()).isEqualTo(sdkAccess.getToken());
    }

    @ParameterizedTest
    @CsvSource({ "DEFAULT, DEFAULT", "MQTT, MQTT", "SOCKETIO, SOCKETIO" })
    void sendsTheSameClientTypeAsTheSdk(ClientProtocol ours, String sdkProtocol) {
        sdk().getClientAccessToken(new GetClientAccessTokenOptions()
            .setWebPubSubClientProtocol(WebPubSubClientProtocol.fromString(sdkProtocol.toLowerCase())));
        ours().create(ClientAccessRequest.builder().protocol(ours).build());

        assertThat(this.service.onlyRequest().queryParameters().get("clientType")).isEqualTo(
                FakeWebPubSubService.decodeQuery(this.sdkHttp.onlyRequest().getUrl().getQuery()).get("clientType"));
    }

    @Test
    void roundsNinetySecondsUpToTwoMinutesWhereTheSdkTruncatesToOne() {
        // SPEC section 8: the SDK's Duration.toMinutes() shortens the token; the project
        // never does.
        sdk().getClientAccessToken(new GetClientAccessTokenOptions().setExpiresAfter(Duration.ofSeconds(90)));
        ours().create(ClientAccessRequest.builder().lifetime(Duration.ofSeconds(90)).build());

        assertThat(FakeWebPubSubService.decodeQuery(this.sdkHttp.onlyRequest().getUrl().getQuery()))
            .containsEntry("minutesToExpire", List.of("1"));
        assertThat(this.service.onlyRequest().queryParameters()).containsEntry("minutesToExpire", List.of("2"));
    }

    @Test
    void sendsOneMinuteForThirtySecondsWhereTheSdkSendsZero() {
        sdk().getClientAccessToken(new GetClientAccessTokenOptions().setExpiresAfter(Duration.ofSeconds(30)));
        ours().create(ClientAccessRequest.builder().lifetime(Duration.ofSeconds(30)).build());

        assertThat(FakeWebPubSubService.decodeQuery(this.sdkHttp.onlyRequest().getUrl().getQuery()))
            .containsEntry("minutesToExpire", List.of("0"));
        assertThat(this.service.onlyRequest().queryParameters()).containsEntry("minutesToExpire", List.of("1"));
    }

    /**
     * Records the SDK's requests and answers each like the service:
     * {@code {"token":"<jwt>"}}.
     */
    static final class RecordingHttpClient implements HttpClient {

        private final List<HttpRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            this.requests.add(request);
            return Mono.just(new TokenResponse(request));
        }

        HttpRequest onlyRequest() {
            assertThat(this.requests).hasSize(1);
            HttpRequest request = this.requests.get(0);
            assertThat(request.getHttpMethod()).isEqualTo(HttpMethod.POST);
            return request;
        }

    }

    private static final class TokenResponse extends HttpResponse {

        private final byte[] body = ("{\"token\":\"" + FakeWebPubSubService.DEFAULT_TOKEN + "\"}")
            .getBytes(StandardCharsets.UTF_8);

        TokenResponse(HttpRequest request) {
            super(request);
        }

        @Override
        public int getStatusCode() {
            return 200;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return getHeaders().getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return new HttpHeaders(
                    Map.of("Content-Type", "application/json", "Content-Length", String.valueOf(this.body.length)));
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.just(ByteBuffer.wrap(this.body));
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(this.body);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just(new String(this.body, StandardCharsets.UTF_8));
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just(new String(this.body, charset));
        }

    }

}
