package io.github.webpubsub.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the benchmarks measure what they claim: the same claims three ways, each a
 * valid HS256 token. The benchmarks themselves run only through {@link BenchmarkRunner}.
 */
class ClientTokenBenchmarkTests {

    private final SecretKey key = Keys.hmacShaKeyFor(ClientTokenBenchmark.ACCESS_KEY.getBytes(StandardCharsets.UTF_8));

    private final ClientTokenBenchmark benchmark = new ClientTokenBenchmark();

    @BeforeEach
    void setUp() throws Exception {
        this.benchmark.setUp();
    }

    @Test
    void rawLowerBoundSignsTheSameBytesAsOursToTheSameToken() {
        // Equal tokens mean our signature is exactly HMAC-SHA256 over the token's own
        // signing input.
        assertThat(this.benchmark.rawHmac()).isEqualTo(this.benchmark.referenceToken);
    }

    @Test
    void oursAndTheSdkGiveTheSameUrlAndClaims() {
        String ours = this.benchmark.oursWithUrl().toString();
        String sdk = this.benchmark.officialSdk().getUrl();
        String base = "wss://demo.webpubsub.azure.com/client/hubs/chat?access_token=";
        assertThat(this.benchmark.ours().url().toString()).startsWith(base);
        assertThat(ours).startsWith(base);
        assertThat(sdk).startsWith(base);
        Claims ourClaims = verifiedClaims(ours.substring(base.length()));
        Claims sdkClaims = verifiedClaims(sdk.substring(base.length()));
        assertThat(ourClaims.getAudience()).containsExactly("https://demo.webpubsub.azure.com/client/hubs/chat")
            .isEqualTo(sdkClaims.getAudience());
        assertThat(ourClaims.getSubject()).isEqualTo("alice").isEqualTo(sdkClaims.getSubject());
        assertThat(ourClaims.get("role")).isEqualTo(List.of("webpubsub.sendToGroup.lobby"))
            .isEqualTo(sdkClaims.get("role"));
        assertThat(ourClaims.get("webpubsub.group")).isEqualTo(List.of("lobby"))
            .isEqualTo(sdkClaims.get("webpubsub.group"));
    }

    @Test
    void requestBuildingVariantsGiveTheSameClaims() {
        Claims ours = verifiedClaims(this.benchmark.oursWithRequestBuilding().token());
        Claims sdk = verifiedClaims(this.benchmark.officialSdkWithRequestBuilding().getToken());
        assertThat(ours.getSubject()).isEqualTo("alice").isEqualTo(sdk.getSubject());
        assertThat(ours.get("role")).isEqualTo(List.of("webpubsub.sendToGroup.lobby")).isEqualTo(sdk.get("role"));
        assertThat(ours.get("webpubsub.group")).isEqualTo(List.of("lobby")).isEqualTo(sdk.get("webpubsub.group"));
    }

    private Claims verifiedClaims(String token) {
        return Jwts.parser().verifyWith(this.key).build().parseSignedClaims(token).getPayload();
    }

}
