package io.github.webpubsub.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.WebPubSubConnectionString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier of saved tokens accepts what the core signs, and names what is wrong with
 * anything else.
 */
class TokenVerifierTests {

    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    private static final String AUDIENCE = "http://localhost:8080/client/hubs/chat";

    private final TokenVerifier verifier = new TokenVerifier(KEY, AUDIENCE, "alice");

    @Test
    void tokenOfTheCoreVerifies() {
        ClientUrlFactory factory = ClientUrlFactory.builder()
            .connectionString(WebPubSubConnectionString.parse("Endpoint=http://localhost:8080;AccessKey=" + KEY + ";"))
            .hub("chat")
            .build();
        String token = factory.create(ClientAccessRequest.builder().userId("alice").build()).token();

        assertThat(this.verifier.problems(token)).isEmpty();
        assertThat(new TokenVerifier(KEY, AUDIENCE, null).problems(token)).isEmpty();
    }

    @Test
    void anotherKeysSignatureIsReported() {
        String token = sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims("\"alice\"", 100, 200),
                "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkji");

        assertThat(this.verifier.problems(token)).containsExactly("signature does not verify with the access key");
    }

    @Test
    void claimsThatBreakTheSpecificationAreReported() {
        String arrayAudience = "{\"aud\":[\"" + AUDIENCE + "\"],\"iat\":100,\"exp\":200,\"sub\":\"alice\"}";

        assertThat(this.verifier.problems(sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", arrayAudience, KEY)))
            .containsExactly("aud is [\"" + AUDIENCE + "\"], expected the string \"" + AUDIENCE + "\"");
        assertThat(this.verifier.problems(sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims(null, 100, 200), KEY)))
            .containsExactly("sub is missing");
        assertThat(
                this.verifier.problems(sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims("\"bob\"", 100, 200), KEY)))
            .containsExactly("sub is \"bob\", expected \"alice\"");
        assertThat(
                this.verifier.problems(sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims("\"alice\"", 200, 200), KEY)))
            .containsExactly("exp 200 is not after iat 200");
        assertThat(
                this.verifier.problems(sign("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", claims("\"alice\"", 100, 200), KEY)))
            .containsExactly(
                    "header is {\"alg\":\"HS384\",\"typ\":\"JWT\"}, expected {\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    }

    @Test
    void aResponseWithoutATokenIsReportedWithoutQuotingOtherText() {
        assertThat(this.verifier.problems("MISSING 503"))
            .containsExactly("not a three-part JWS: 'MISSING 503' (that response held no token)");
        assertThat(this.verifier.problems("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9"))
            .containsExactly("not a three-part JWS: 41 characters");
    }

    private static String claims(String subject, long issuedAt, long expiresAt) {
        return "{\"aud\":\"" + AUDIENCE + "\",\"iat\":" + issuedAt + ",\"exp\":" + expiresAt
                + ((subject != null) ? ",\"sub\":" + subject : "") + "}";
    }

    private static String sign(String header, String claims, String key) {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String input = base64url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + base64url.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
