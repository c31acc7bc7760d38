/**
 * A local stand-in for Azure Web PubSub:
 * {@link io.github.webpubsub.localhub.LocalWebPubSubHub} serves the client endpoint and
 * the data-plane REST API on the loopback address, for development and tests, and
 * {@link io.github.webpubsub.localhub.ClientAccessToken} verifies and inspects Client
 * Access URLs.
 */
@NullMarked
package io.github.webpubsub.localhub;

import org.jspecify.annotations.NullMarked;
