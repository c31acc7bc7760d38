/**
 * The chat: its negotiate endpoint. The page itself is {@code static/index.html} with
 * {@code static/js/chat.js}.
 */
@NullMarked
package io.github.webpubsub.sample.chat;

import org.jspecify.annotations.NullMarked;
