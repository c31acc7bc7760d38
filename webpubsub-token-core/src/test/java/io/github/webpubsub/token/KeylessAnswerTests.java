package io.github.webpubsub.token;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.webpubsub.token.FakeWebPubSubService.Reply;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Key-less mode, SPEC section 5: how the factory reads the service's answers. Error
 * answers become {@link WebPubSubServiceException}s that say what to check; answers
 * without a well-formed token are refused. Each test runs through {@code create} and
 * through {@code createAsync}.
 */
@ParameterizedClass
@EnumSource(Mint.class)
class KeylessAnswerTests {

    private static final String BEARER = "entra-access-token-value";

    private final FakeWebPubSubService service = FakeWebPubSubService.start();

    private final AtomicInteger providerCalls = new AtomicInteger();

    private final ClientUrlFactory factory;

    KeylessAnswerTests(Mint mint) {
        this.factory = mint
            .through(ClientUrlFactory.builder().endpoint(this.service.endpoint()).bearerTokenProvider((scope) -> {
                this.providerCalls.incrementAndGet();
                return new BearerToken(BEARER, Instant.now().plus(Duration.ofHours(1)));
            }).hub("chat").build());
    }

    @AfterEach
    void stopService() {
        this.service.close();
    }

    private WebPubSubServiceException failure() {
        WebPubSubServiceException ex = org.assertj.core.api.Assertions.catchThrowableOfType(
                WebPubSubServiceException.class,
                () -> this.factory.create(ClientAccessRequest.builder().userId("alice").build()));
        assertThat(ex).as("the call fails with WebPubSubServiceException").isNotNull();
        assertThat(ex.getMessage()).doesNotContain(BEARER).doesNotContain("eyJ");
        return ex;
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403 })
    void refusedIdentityIsUnauthorizedWithTheRoleAssignmentHint(int status) {
        this.service.enqueue(Reply.status(status));

        WebPubSubServiceException ex = failure();

        assertThat(ex.reason()).isEqualTo(Reason.UNAUTHORIZED);
        assertThat(ex.httpStatus()).hasValue(status);
        assertThat(ex.getMessage()).contains("HTTP " + status)
            .contains("needs the 'Web PubSub Service Owner' role on this resource")
            .contains("or the endpoint names another resource")
            .contains(this.service.endpoint().toString());
        assertThat(this.service.requests()).hasSize(1);
    }

    @Test
    void unauthorizedDropsTheCachedBearerTokenSoTheNextCallGetsAFreshOne() {
        this.service.enqueue(Reply.status(401));
        failure();

        this.factory.create(ClientAccessRequest.builder().build());

        assertThat(this.providerCalls).hasValue(2);
    }

    @Test
    void forbiddenKeepsTheBearerTokenBecauseAFreshOneWouldHaveTheSameRoles() {
        this.service.enqueue(Reply.status(403));
        failure();

        this.factory.create(ClientAccessRequest.builder().build());

        assertThat(this.providerCalls).hasValue(1);
    }

    @Test
    void notFoundNamesTheEndpointAndTheHub() {
        this.service.enqueue(Reply.status(404));

        WebPubSubServiceException ex = failure();

        assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(ex.httpStatus()).hasValue(404);
        assertThat(ex.getMessage()).contains("HTTP 404")
            .contains(this.service.endpoint() + "/api/hubs/chat/:generateToken")
            .contains("Check the endpoint")
            .contains("hub name 'chat'")
            .doesNotContain("alice")
            .doesNotContain("?");
    }

    @Test
    void badRequestIsRejectedWithTheServicesMessageAndNeverRetried() {
        this.service.enqueue(Reply.json(400, "{\"code\":\"InvalidArgument\",\"message\":\"Role 'x' is invalid.\"}"));

        WebPubSubServiceException ex = failure();

        assertThat(ex.reason()).isEqualTo(Reason.REJECTED);
        assertThat(ex.httpStatus()).hasValue(400);
        assertThat(ex.getMessage()).contains("HTTP 400: 'Role 'x' is invalid.'")
            .contains("Check the request's user id, roles, groups and lifetime");
        assertThat(this.service.requests()).hasSize(1);
    }

    @Test
    void quotesANestedErrorMessageAndPlainTextButMasksControlCharacters() {
        this.service.enqueue(Reply.json(409, "{\"error\":{\"message\":\"Conflict\\nforged log line\"}}"),
                Reply.body(422, "text/plain; charset=utf-8", "Too many groups."));

        assertThat(failure().getMessage()).contains("HTTP 409: 'Conflict?forged log line'");
        assertThat(failure().getMessage()).contains("HTTP 422: 'Too many groups.'");
    }

    @Test
    void leavesOutServiceMessagesThatAreNotShortPlainTextOrLookLikeATokenOrAreTooLarge() {
        this.service.enqueue(Reply.body(400, "text/html", "<html>Bad Request</html>"),
                Reply.json(400, "{\"message\":\"token eyJhbGciOi was refused\"}"),
                Reply.json(400, "{\"message\":\"" + "x".repeat(10_000) + "\"}"));

        assertThat(failure().getMessage()).doesNotContain("html").contains("HTTP 400.");
        assertThat(failure().getMessage()).doesNotContain("refused").contains("HTTP 400.");
        assertThat(failure().getMessage()).doesNotContain("xxx").contains("HTTP 400.");
    }

    @Test
    void capsAQuotedServiceMessage() {
        this.service.enqueue(Reply.json(400, "{\"message\":\"" + "y".repeat(1000) + "\"}"));

        assertThat(failure().getMessage()).contains("'" + "y".repeat(200) + "...'").doesNotContain("y".repeat(201));
    }

    @Test
    void doesNotFollowRedirectsSoTheBearerTokenGoesNowhereElse() {
        this.service.enqueue(Reply.withHeaders(307, Map.of("Location", this.service.endpoint() + "/elsewhere"), ""));

        WebPubSubServiceException ex = failure();

        assertThat(ex.reason()).isEqualTo(Reason.REJECTED);
        assertThat(ex.httpStatus()).hasValue(307);
        assertThat(ex.getMessage()).contains("redirect");
        assertThat(this.service.requests()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "not json", "[\"a.b.c\"]", "\"a.b.c\"", "{\"token\":42}", "{\"token\":null}",
            "{\"token\":{\"value\":\"a.b.c\"}}", "{\"Token\":\"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln\"}" })
    void refusesAnAnswerWithoutAStringToken(String body) {
        this.service.enqueue(Reply.json(200, body));

        WebPubSubServiceException ex = failure();

        assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
        assertThat(ex.httpStatus()).hasValue(200);
        assertThat(ex.getMessage()).startsWith("The Web PubSub service answered HTTP 200 without a usable client token")
            .contains("Check that the endpoint (or the reverse proxy) routes to the Web PubSub service");
        assertThat(this.service.requests()).hasSize(1);
    }

    @Test
    void refusesAnEmptyAnswer() {
        this.service.enqueue(Reply.status(200), Reply.status(204));

        assertThat(failure().reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
        assertThat(failure().reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
    }

    @ParameterizedTest
    @ValueSource(strings = { "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9", "a.b.c.d", "eyJhbGciOiJIUzI1NiJ9..c2ln",
            ".eyJleHAiOjE4OTM0NTYwMDB9.c2ln", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.", "abc",
            "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.c2ln+/",
            "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.c2ln==",
            "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.c2l&x=1",
            "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.c2ln x", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.c" })
    void refusesATokenThatIsNotThreeBase64UrlParts(String token) {
        this.service.enqueue(Reply.json(200, "{\"token\":\"" + token + "\"}"));

        WebPubSubServiceException ex = failure();

        assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
        assertThat(ex.getMessage()).contains("the token is not a JWT of three base64url parts").doesNotContain(token);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"exp\":\"1893456000\"}", "{\"exp\":null}", "{\"exp\":[1893456000]}", "[1]",
            "not json" })
    void refusesATokenWhosePayloadHasNoNumericExp(String payload) {
        this.service.enqueue(Reply.token(FakeWebPubSubService.jwt(payload)));

        WebPubSubServiceException ex = failure();

        assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
        assertThat(ex.getMessage()).contains("the token's payload has no numeric 'exp'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-5", "1e300", "253402300800" })
    void refusesAnExpOutsideAnyReasonableTime(String exp) {
        this.service.enqueue(Reply.token(FakeWebPubSubService.jwt("{\"exp\":" + exp + "}")));

        WebPubSubServiceException ex = failure();

        assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
        assertThat(ex.getMessage()).contains("'exp' is not a time between 1970 and 9999");
    }

    @Test
    void refusesAHugeBodyWithoutReadingItAll() {
        this.service.enqueue(Reply.hugeBody(8 * 1024 * 1024, false), Reply.hugeBody(8 * 1024 * 1024, true));

        for (int i = 0; i < 2; i++) {
            WebPubSubServiceException ex = failure();
            assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
            assertThat(ex.getMessage()).contains("a body over 65536 bytes");
        }
        assertThat(this.service.requests()).hasSize(2);
    }

    @Test
    void acceptsABodyJustUnderTheLimit() {
        String token = FakeWebPubSubService.DEFAULT_TOKEN;
        String json = "{\"token\":\"" + token + "\"}";
        this.service.enqueue(Reply.json(200, json + " ".repeat(GenerateTokenResponse.MAX_BODY_BYTES - json.length())));

        assertThat(this.factory.create(ClientAccessRequest.builder().build()).token()).isEqualTo(token);
    }

    @Test
    void aCallThatFailsLeavesTheFactoryUsable() {
        this.service.enqueue(Reply.json(200, "{}"));
        failure();

        ClientAccess access = this.factory.create(ClientAccessRequest.builder().build());

        assertThat(access.token()).isEqualTo(FakeWebPubSubService.DEFAULT_TOKEN);
        assertThat(access.url()).isEqualTo(URI.create(access.baseUrl() + "?access_token=" + access.token()));
    }

    @Test
    void exceptionsCanBeCaughtByReason() {
        this.service.enqueue(Reply.status(404));

        assertThatExceptionOfType(WebPubSubServiceException.class)
            .isThrownBy(() -> this.factory.create((request) -> request.userId("alice")))
            .isInstanceOf(RuntimeException.class)
            .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND));
    }

}
