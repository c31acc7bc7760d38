package io.github.webpubsub.token;

/**
 * Supplies Microsoft Entra ID access tokens for the key-less mode of
 * {@link ClientUrlFactory}, where the service mints client tokens and the application
 * holds no access key. The identity behind the tokens needs the <em>Web PubSub Service
 * Owner</em> role on the resource.
 *
 * <p>
 * The factory caches what the provider returns until shortly before it expires, and calls
 * the provider on a thread of its own ({@code webpubsub-bearer-token}), one call at a
 * time: a provider need not cache or synchronise itself, and may block (as
 * {@code getTokenSync} does) without holding a thread of the application. A provider
 * signals failure by throwing an unchecked exception; the factory reports it as a
 * {@link WebPubSubServiceException} to every call waiting for that token, and for the
 * next 5 seconds to every call that needs one, before it asks the provider again. A
 * provider should bound its own calls: one that never returns leaves every call failing
 * at its deadline.
 *
 * <p>
 * With {@code com.azure:azure-identity}, for example:
 *
 * <pre>{@code
 * TokenCredential credential = new DefaultAzureCredentialBuilder().build();
 * BearerTokenProvider provider = scope -> {
 *     AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
 *     return new BearerToken(token.getToken(), token.getExpiresAt().toInstant());
 * };
 * ClientUrlFactory factory = ClientUrlFactory.builder()
 *         .endpoint(URI.create("https://<name>.webpubsub.azure.com"))
 *         .bearerTokenProvider(provider)
 *         .hub("chat")
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface BearerTokenProvider {

    /** The scope whose tokens the Web PubSub data-plane API accepts. */
    String WEB_PUBSUB_SCOPE = "https://webpubsub.azure.com/.default";

    /**
     * Returns an access token for a scope.
     * @param scope the scope, {@value #WEB_PUBSUB_SCOPE}
     * @return the token and its expiry; never {@code null}
     */
    BearerToken getToken(String scope);

}
