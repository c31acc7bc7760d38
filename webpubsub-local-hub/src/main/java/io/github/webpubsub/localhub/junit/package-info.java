/**
 * JUnit 5 support for the local hub:
 * {@link io.github.webpubsub.localhub.junit.LocalWebPubSubHubExtension}.
 */
@NullMarked
package io.github.webpubsub.localhub.junit;

import org.jspecify.annotations.NullMarked;
