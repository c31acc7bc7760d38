package io.github.webpubsub.spring.autoconfigure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;

/**
 * Adapts an azure-core {@link TokenCredential}, such as azure-identity's
 * {@code DefaultAzureCredential}, to the {@link BearerTokenProvider} of key-less mode. It
 * neither caches nor retries: the factory caches the token until shortly before it
 * expires, and the credential bounds its own calls.
 */
final class TokenCredentialBearerTokenProvider implements AutoConfiguredBearerTokenProvider {

    private final TokenCredential credential;

    private final boolean usesCredentialProperties;

    private TokenCredentialBearerTokenProvider(TokenCredential credential, boolean usesCredentialProperties) {
        this.credential = credential;
        this.usesCredentialProperties = usesCredentialProperties;
    }

    /**
     * Adapts a credential that the starter built from the {@code webpubsub.credential.*}
     * properties.
     */
    static TokenCredentialBearerTokenProvider configuredByProperties(TokenCredential credential) {
        return new TokenCredentialBearerTokenProvider(credential, true);
    }

    /**
     * Adapts a credential of the application's, such as a {@code TokenCredential} bean.
     */
    static TokenCredentialBearerTokenProvider of(TokenCredential credential) {
        return new TokenCredentialBearerTokenProvider(credential, false);
    }

    @Override
    public BearerToken getToken(String scope) {
        AccessToken token = this.credential.getTokenSync(new TokenRequestContext().addScopes(scope));
        if (token == null) {
            throw new IllegalStateException(
                    this.credential.getClass().getName() + " returned no access token for " + scope + ".");
        }
        if (token.getExpiresAt() == null) {
            throw new IllegalStateException(this.credential.getClass().getName()
                    + " returned an access token without an expiry for " + scope + ".");
        }
        return new BearerToken(token.getToken(), token.getExpiresAt().toInstant());
    }

    @Override
    public boolean usesCredentialProperties() {
        return this.usesCredentialProperties;
    }

    TokenCredential credential() {
        return this.credential;
    }

    @Override
    public String toString() {
        return "TokenCredentialBearerTokenProvider[credential=" + this.credential.getClass().getName() + "]";
    }

}
