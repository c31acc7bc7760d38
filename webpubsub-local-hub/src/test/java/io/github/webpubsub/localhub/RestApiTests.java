package io.github.webpubsub.localhub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.crypto.SecretKey;

import io.github.webpubsub.localhub.junit.LocalWebPubSubHubExtension;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API's answers where the SDKs do not look: authentication as the service does
 * it (401 with an empty body and ASP.NET Core's challenge), Azure's error bodies,
 * api-version, content types, and {@code :generateToken}'s parameters. Calls are signed
 * here with jjwt, as the service's documentation describes.
 */
class RestApiTests {

    @RegisterExtension
    static final LocalWebPubSubHubExtension hub = new LocalWebPubSubHubExtension();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void callWithoutATokenIsChallengedWithABareBearer() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api("/api/hubs/chat/:send?api-version=2024-12-01"))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("hi")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void tokenForAnotherRequestUrlIsRefused() throws Exception {
        URI signedFor = api("/api/hubs/chat/:send?api-version=2024-12-01");
        URI sentTo = api("/api/hubs/other/:send?api-version=2024-12-01");

        HttpResponse<String> response = send(HttpRequest.newBuilder(sentTo)
            .header("Authorization", "Bearer " + token(signedFor.toString(), hub.accessKey(), Duration.ofHours(1)))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("hi")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\", "
                + "error_description=\"The audience '" + signedFor + "' is invalid\"");
    }

    @Test
    void tokenSignedForTheUrlWithoutItsQueryIsRefused() throws Exception {
        URI url = api("/api/hubs/chat/:send?api-version=2024-12-01");

        HttpResponse<String> response = sendText(url,
                token(api("/api/hubs/chat/:send").toString(), hub.accessKey(), Duration.ofHours(1)));

        assertThat(response.statusCode()).as("the audience is the whole request URL").isEqualTo(401);
    }

    @Test
    void expiredTokenIsRefusedWithItsExpiry() throws Exception {
        URI url = api("/api/hubs/chat/:send?api-version=2024-12-01");
        Instant expiry = Instant.parse("2021-05-06T07:08:09Z");
        String expired = Jwts.builder()
            .audience()
            .single(url.toString())
            .expiration(Date.from(expiry))
            .signWith(key(hub.accessKey()), Jwts.SIG.HS256)
            .compact();

        HttpResponse<String> response = sendText(url, expired);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\", "
                + "error_description=\"The token expired at '05/06/2021 07:08:09'\"");
    }

    @Test
    void missingAndUnknownApiVersionsAreAnsweredWithAzureErrorBodies() throws Exception {
        HttpResponse<String> missing = sendText(api("/api/hubs/chat/:send"), null);
        HttpResponse<String> unknown = sendText(api("/api/hubs/chat/:send?api-version=2020-01-01"), null);

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("x-ms-error-code")).hasValue("ApiVersionUnspecified");
        assertThat(json(missing)).hasToString("{\"error\":{\"code\":\"ApiVersionUnspecified\",\"message\":\"An API "
                + "version is required, but was not specified.\"}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("error").path("message").asString()).isEqualTo("The HTTP resource that matches "
                + "the request URI does not support the API version '2020-01-01'. The local hub speaks 2021-10-01, "
                + "2022-11-01, 2023-07-01, 2024-01-01, 2024-12-01.");
    }

    @Test
    void everyGaApiVersionIsAccepted() throws Exception {
        for (String version : new String[] { "2021-10-01", "2022-11-01", "2023-07-01", "2024-01-01", "2024-12-01" }) {
            assertThat(sendText(api("/api/hubs/chat/:send?api-version=" + version), null).statusCode()).as(version)
                .isEqualTo(202);
        }
    }

    @Test
    void unknownOperationIsNotFound() throws Exception {
        HttpResponse<String> response = sendText(api("/api/hubs/chat/:shout?api-version=2024-12-01"), null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").path("code").asString()).isEqualTo("NotFound");
    }

    @Test
    void bodyThatIsNotTheJsonItClaimsIsRefused() throws Exception {
        URI url = api("/api/hubs/chat/:send?api-version=2024-12-01");

        HttpResponse<String> response = send(signed(url).header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString("{not json")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).hasToString("{\"error\":{\"code\":\"InvalidArgument\",\"message\":\"The body is not "
                + "valid JSON, yet its Content-Type is application/json.\"}}");
    }

    @Test
    void unsupportedContentTypeAndFiltersAreRefusedSayingWhy() throws Exception {
        URI url = api("/api/hubs/chat/:send?api-version=2024-12-01");
        URI filtered = api("/api/hubs/chat/:send?api-version=2024-12-01&filter=userId%20eq%20%27a%27");

        HttpResponse<String> xml = send(signed(url).header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofString("<a/>")));
        HttpResponse<String> filter = sendText(filtered, null);

        assertThat(json(xml).path("error").path("message").asString())
            .isEqualTo("Content-Type must be application/json, text/plain or application/octet-stream.");
        assertThat(json(filter).path("error").path("message").asString())
            .isEqualTo("The local hub does not evaluate OData filters; send without 'filter'.");
    }

    @Test
    void generateTokenHonoursItsParameters() throws Exception {
        URI url = api("/api/hubs/chat/:generateToken?api-version=2024-12-01&userId=zo%C3%AB&role=webpubsub.sendToGroup"
                + "&role=webpubsub.joinLeaveGroup.lobby&group=lobby&group=news&minutesToExpire=5&clientType=MQTT");

        HttpResponse<String> response = send(signed(url).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        String token = json(response).path("token").asString();
        ClientAccessToken verified = ClientAccessToken.verify(token,
                URI.create(hub.endpoint() + "/clients/mqtt/hubs/chat"), hub.accessKey(), Clock.systemUTC());
        assertThat(verified.userId()).isEqualTo("zoë");
        assertThat(verified.roles()).containsExactly("webpubsub.sendToGroup", "webpubsub.joinLeaveGroup.lobby");
        assertThat(verified.groups()).containsExactly("lobby", "news");
        assertThat(Duration.between(verified.issuedAt(), verified.expiresAt())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void generateTokenRefusesALifetimeUnderAMinuteAndAnUnknownClientType() throws Exception {
        HttpResponse<String> zero = send(
                signed(api("/api/hubs/chat/:generateToken?api-version=2024-12-01&minutesToExpire=0"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> fax = send(
                signed(api("/api/hubs/chat/:generateToken?api-version=2024-12-01&clientType=fax"))
                    .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(json(zero).path("error").path("message").asString())
            .isEqualTo("minutesToExpire must be a whole number of minutes, 1 or more.");
        assertThat(json(fax).path("error").path("message").asString())
            .isEqualTo("clientType must be Default, MQTT or SocketIO.");
    }

    @Test
    void entraIdTokensAreRefusedUnlessTheHubWasToldToAcceptThem() throws Exception {
        URI url = api("/api/hubs/chat/:generateToken?api-version=2024-12-01");
        String entraId = LocalWebPubSubHub.unsignedEntraIdTokens()
            .getToken("https://webpubsub.azure.com/.default")
            .value();

        HttpResponse<String> response = send(HttpRequest.newBuilder(url)
            .header("Authorization", "Bearer " + entraId)
            .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer error=\"invalid_token\", error_description=\"The signature is invalid\"");
    }

    @Test
    void grantingToAConnectionThatDoesNotExistIsNotFound() throws Exception {
        HttpResponse<String> response = send(
                signed(api("/api/hubs/chat/permissions/sendToGroup/connections/gone?api-version=2024-12-01"))
                    .PUT(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response)).hasToString(
                "{\"error\":{\"code\":\"NotFound\",\"message\":\"The connection does not exist in this hub.\"}}");
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(api("/api/health")).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> sendText(URI url, String token) throws Exception {
        String bearer = (token != null) ? token : token(url.toString(), hub.accessKey(), Duration.ofHours(1));
        return send(HttpRequest.newBuilder(url)
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("hi")));
    }

    /**
     * A request signed as the service's documentation says: HS256 with the key, aud the
     * request URL.
     */
    private static HttpRequest.Builder signed(URI url) {
        return HttpRequest.newBuilder(url)
            .header("Authorization", "Bearer " + token(url.toString(), hub.accessKey(), Duration.ofHours(1)));
    }

    private static String token(String audience, String key, Duration lifetime) {
        return Jwts.builder()
            .audience()
            .single(audience)
            .expiration(Date.from(Instant.now().plus(lifetime)))
            .signWith(key(key), Jwts.SIG.HS256)
            .compact();
    }

    private static SecretKey key(String key) {
        return Keys.hmacShaKeyFor(key.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(response.body());
    }

    private static URI api(String pathAndQuery) {
        return URI.create(hub.endpoint() + pathAndQuery);
    }

}
