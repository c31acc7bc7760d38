package io.github.webpubsub.token;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.webpubsub.token.FakeWebPubSubService.RecordedRequest;
import io.github.webpubsub.token.FakeWebPubSubService.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Key-less mode, SPEC section 5: what the factory sends to the Generate Client Token
 * operation, and the client access it builds from the answer. Each test runs through
 * {@code create} and through {@code createAsync}.
 */
@ParameterizedClass
@EnumSource(Mint.class)
class KeylessRequestTests {

    static final String BEARER = "entra-access-token-value";

    private final FakeWebPubSubService service = FakeWebPubSubService.start();

    private final AtomicInteger providerCalls = new AtomicInteger();

    private final Mint mint;

    KeylessRequestTests(Mint mint) {
        this.mint = mint;
    }

    @AfterEach
    void stopService() {
        this.service.close();
    }

    private BearerTokenProvider provider() {
        return (scope) -> {
            this.providerCalls.incrementAndGet();
            assertThat(scope).isEqualTo("https://webpubsub.azure.com/.default");
            return new BearerToken(BEARER, Instant.now().plus(Duration.ofHours(1)));
        };
    }

    private ClientUrlFactory factory(URI endpoint) {
        return this.mint
            .through(ClientUrlFactory.builder().endpoint(endpoint).bearerTokenProvider(provider()).hub("chat").build());
    }

    @Test
    void postsToGenerateTokenWithBearerTokenAcceptHeaderAndNoBody() {
        factory(this.service.endpoint()).create(ClientAccessRequest.builder().build());

        RecordedRequest request = this.service.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/api/hubs/chat/:generateToken");
        assertThat(request.queryParameters()).containsEntry("api-version", List.of("2024-01-01"));
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + BEARER);
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("Content-Length")).isEqualTo("0");
        assertThat(request.body()).isEmpty();
    }

    @Test
    void keepsTheEndpointsPathPrefix() {
        factory(URI.create(this.service.endpoint() + "/webpubsub/")).create(ClientAccessRequest.builder().build());

        assertThat(this.service.onlyRequest().rawPath()).isEqualTo("/webpubsub/api/hubs/chat/:generateToken");
    }

    @Test
    void sendsTheRequestsHub() {
        factory(this.service.endpoint()).create(ClientAccessRequest.builder().hub("Other_Hub2").build());

        assertThat(this.service.onlyRequest().rawPath()).isEqualTo("/api/hubs/Other_Hub2/:generateToken");
    }

    @Test
    void sendsEveryQueryParameterInOrderWithApiVersionFirst() {
        factory(this.service.endpoint()).create(ClientAccessRequest.builder()
            .userId("alice")
            .roles(WebPubSubRole.sendToGroup("lobby"), WebPubSubRole.joinLeaveGroup("lobby"))
            .groups("lobby", "news")
            .lifetime(Duration.ofMinutes(5))
            .protocol(ClientProtocol.DEFAULT)
            .build());

        assertThat(this.service.onlyRequest().rawQuery()).isEqualTo("api-version=2024-01-01&userId=alice"
                + "&minutesToExpire=5&role=webpubsub.sendToGroup.lobby&role=webpubsub.joinLeaveGroup.lobby"
                + "&group=lobby&group=news&clientType=default");
    }

    @Test
    void percentEncodesValuesAsUtf8WithSpaceAsPercent20() {
        factory(this.service.endpoint()).create(ClientAccessRequest.builder()
            .userId("al ice+bob&x=1#frag/é")
            .roles(WebPubSubRole.sendToGroup("a b+c"))
            .groups("g&h=i", "日本 😀")
            .build());

        RecordedRequest request = this.service.onlyRequest();
        assertThat(request.rawQuery()).contains("&userId=al%20ice%2Bbob%26x%3D1%23frag%2F%C3%A9&")
            .contains("&role=webpubsub.sendToGroup.a%20b%2Bc&")
            .contains("&group=g%26h%3Di&group=%E6%97%A5%E6%9C%AC%20%F0%9F%98%80&")
            .doesNotContain("+");
        assertThat(request.queryParameters()).containsExactly(entry("api-version", List.of("2024-01-01")),
                entry("userId", List.of("al ice+bob&x=1#frag/é")), entry("minutesToExpire", List.of("60")),
                entry("role", List.of("webpubsub.sendToGroup.a b+c")), entry("group", List.of("g&h=i", "日本 😀")),
                entry("clientType", List.of("default")));
    }

    @Test
    void omitsUserIdForAnAnonymousClientAndSendsNoRolesOrGroupsWhenThereAreNone() {
        factory(this.service.endpoint()).create(ClientAccessRequest.builder().build());

        assertThat(this.service.onlyRequest().queryParameters()).containsOnlyKeys("api-version", "minutesToExpire",
                "clientType");
    }

    @ParameterizedTest
    @CsvSource({ "PT1S, 1", "PT30S, 1", "PT59.5S, 1", "PT60S, 1", "PT60.001S, 2", "PT61S, 2", "PT90S, 2", "PT1H, 60",
            "PT24H, 1440" })
    void roundsTheLifetimeUpToWholeMinutesAndAtLeastOne(Duration lifetime, String minutes) {
        factory(this.service.endpoint()).create(ClientAccessRequest.builder().lifetime(lifetime).build());

        assertThat(this.service.onlyRequest().queryParameters()).containsEntry("minutesToExpire", List.of(minutes));
    }

    @Test
    void sendsTheFactorysDefaultLifetimeWhenTheRequestNamesNone() {
        this.mint
            .through(ClientUrlFactory.builder()
                .endpoint(this.service.endpoint())
                .bearerTokenProvider(provider())
                .hub("chat")
                .defaultLifetime(Duration.ofMinutes(10))
                .build())
            .create(ClientAccessRequest.builder().build());

        assertThat(this.service.onlyRequest().queryParameters()).containsEntry("minutesToExpire", List.of("10"));
    }

    @ParameterizedTest
    @EnumSource(ClientProtocol.class)
    void sendsTheProtocolsClientType(ClientProtocol protocol) {
        factory(this.service.endpoint()).create(ClientAccessRequest.builder().protocol(protocol).build());

        assertThat(this.service.onlyRequest().queryParameters()).containsEntry("clientType",
                List.of(protocol.clientType()));
    }

    @Test
    void buildsTheUrlFromTheConfiguredEndpointWithTheServicesTokenAndItsExpiry() {
        ClientAccess access = factory(this.service.endpoint()).create(ClientAccessRequest.builder().build());

        assertThat(access.token()).isEqualTo(FakeWebPubSubService.DEFAULT_TOKEN);
        assertThat(access.expiresAt()).isEqualTo(Instant.ofEpochSecond(FakeWebPubSubService.DEFAULT_EXP));
        assertThat(access.baseUrl())
            .isEqualTo(URI.create("ws://127.0.0.1:" + this.service.endpoint().getPort() + "/client/hubs/chat"));
        assertThat(access.url())
            .isEqualTo(URI.create(access.baseUrl() + "?access_token=" + FakeWebPubSubService.DEFAULT_TOKEN));
        assertThat(access.hub()).isEqualTo("chat");
    }

    @Test
    void takesExpiresAtFromTheServiceTokenNotFromTheRequestedLifetime() {
        String token = FakeWebPubSubService.jwt("{\"exp\":1700000123.75,\"sub\":\"alice\"}");
        this.service.enqueue(Reply.token(token));

        ClientAccess access = factory(this.service.endpoint())
            .create(ClientAccessRequest.builder().lifetime(Duration.ofMinutes(5)).build());

        assertThat(access.token()).isEqualTo(token);
        assertThat(access.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_123L));
    }

    @Test
    void sendsTheCallThroughTheReverseProxyButNamesTheEndpointInTheUrl() {
        ClientUrlFactory factory = this.mint.through(ClientUrlFactory.builder()
            .endpoint(URI.create("https://example.webpubsub.azure.com"))
            .reverseProxyEndpoint(URI.create(this.service.endpoint() + "/wps"))
            .bearerTokenProvider(provider())
            .hub("chat")
            .build());

        ClientAccess access = factory.create(ClientAccessRequest.builder().userId("alice").build());

        RecordedRequest request = this.service.onlyRequest();
        assertThat(request.rawPath()).isEqualTo("/wps/api/hubs/chat/:generateToken");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + BEARER);
        assertThat(access.url()).isEqualTo(URI.create("wss://example.webpubsub.azure.com/client/hubs/chat"
                + "?access_token=" + FakeWebPubSubService.DEFAULT_TOKEN));
        assertThat(access.endpoint()).isEqualTo(URI.create("https://example.webpubsub.azure.com/"));
    }

    @Test
    void givesSocketIoClientsTheConfiguredEndpointAndPath() {
        ClientUrlFactory factory = this.mint.through(ClientUrlFactory.builder()
            .endpoint(URI.create("https://example.webpubsub.azure.com"))
            .reverseProxyEndpoint(this.service.endpoint())
            .bearerTokenProvider(provider())
            .hub("chat")
            .build());

        ClientAccess access = factory.create(ClientAccessRequest.builder().protocol(ClientProtocol.SOCKETIO).build());

        assertThat(this.service.onlyRequest().queryParameters()).containsEntry("clientType", List.of("socketio"));
        assertThat(access.endpoint()).isEqualTo(URI.create("https://example.webpubsub.azure.com/"));
        assertThat(access.path()).isEqualTo("/clients/socketio/hubs/chat");
        assertThat(access.token()).isEqualTo(FakeWebPubSubService.DEFAULT_TOKEN);
    }

    @Test
    void reusesTheBearerTokenAcrossManyCalls() {
        ClientUrlFactory factory = factory(this.service.endpoint());

        for (int i = 0; i < 20; i++) {
            factory.create(ClientAccessRequest.builder().userId("user-" + i).build());
        }

        assertThat(this.service.requests()).hasSize(20)
            .allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + BEARER));
        assertThat(this.providerCalls).hasValue(1);
    }

    @Test
    void checksTheRequestBeforeCallingTheService() {
        ClientUrlFactory factory = this.mint.through(
                ClientUrlFactory.builder().endpoint(this.service.endpoint()).bearerTokenProvider(provider()).build());

        org.assertj.core.api.Assertions.assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> factory.create(ClientAccessRequest.builder().build()))
            .withMessageContaining("no hub");
        assertThat(this.service.requests()).isEmpty();
        assertThat(this.providerCalls).hasValue(0);
    }

    @Test
    void neverShowsTheBearerTokenInToString() {
        ClientUrlFactory factory = factory(this.service.endpoint());

        factory.create(ClientAccessRequest.builder().build());

        assertThat(factory.toString()).doesNotContain(BEARER).contains("127.0.0.1");
        assertThat(Map.of("factory", factory).toString()).doesNotContain(BEARER);
    }

}
