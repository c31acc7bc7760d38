/**
 * The reference application: a chat whose clients get their Client Access URL from a
 * negotiate endpoint, and the Client URL Generator for administrators. It runs against
 * the local hub unless a Web PubSub resource is configured.
 */
@NullMarked
package io.github.webpubsub.sample;

import org.jspecify.annotations.NullMarked;
