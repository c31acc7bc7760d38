package io.github.webpubsub.spring.autoconfigure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.github.webpubsub.token.BearerToken;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link TokenCredentialBearerTokenProvider}: an Azure {@link TokenCredential} as the
 * core's bearer token provider.
 */
class TokenCredentialBearerTokenProviderTests {

    private static final String SCOPE = "https://webpubsub.azure.com/.default";

    @Test
    void theCredentialsTokenAndExpiryAreHandedOn() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        TokenCredential credential = (request) -> Mono
            .just(new AccessToken("entra-token", OffsetDateTime.ofInstant(expiry, ZoneOffset.UTC)));
        BearerToken token = TokenCredentialBearerTokenProvider.of(credential).getToken(SCOPE);
        assertThat(token.value()).isEqualTo("entra-token");
        assertThat(token.expiresAt()).isEqualTo(expiry);
    }

    @Test
    void aTokenWithoutExpiryIsRefusedNamingTheCredentialAndTheScope() {
        TokenCredential credential = (request) -> Mono.just(new AccessToken("entra-token", null));
        assertThatIllegalStateException()
            .isThrownBy(() -> TokenCredentialBearerTokenProvider.of(credential).getToken(SCOPE))
            .withMessageContaining("returned an access token without an expiry for " + SCOPE + ".")
            .withMessageContaining(credential.getClass().getName())
            .withMessageNotContaining("entra-token");
    }

}
