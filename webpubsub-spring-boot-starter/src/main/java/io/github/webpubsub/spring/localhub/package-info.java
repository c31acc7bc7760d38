/**
 * Auto-configuration of the local hub ({@code webpubsub-local-hub}), a stand-in for Azure
 * Web PubSub on the loopback address for development and tests.
 */
@NullMarked
package io.github.webpubsub.spring.localhub;

import org.jspecify.annotations.NullMarked;
