/**
 * Azure Web PubSub client access, framework-free: a
 * {@link io.github.webpubsub.token.ClientUrlFactory} issues the Client Access URL and
 * token of a {@link io.github.webpubsub.token.ClientAccessRequest}, signed locally with
 * an access key, or minted by the service for a Microsoft Entra ID identity (key-less
 * mode).
 *
 * <pre>{@code
 * ClientUrlFactory factory = ClientUrlFactory.builder()
 *         .connectionString(System.getenv("WEBPUBSUB_CONNECTION_STRING"))
 *         .hub("chat")
 *         .build();
 * ClientAccess access = factory.create(request -> request.userId("alice").groups("lobby"));
 * String url = access.urlText(); // wss://<name>.webpubsub.azure.com/client/hubs/chat?access_token=...
 * }</pre>
 *
 * <p>
 * Every failure to issue an access is a
 * {@link io.github.webpubsub.token.WebPubSubException}. Nothing in this package is
 * {@code null} unless it is annotated
 * {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.github.webpubsub.token;

import org.jspecify.annotations.NullMarked;
