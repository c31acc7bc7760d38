/**
 * Sign-in and access rules of the sample: in-memory users from {@code sample.users}, form
 * login for pages, HTTP Basic for API clients.
 */
@NullMarked
package io.github.webpubsub.sample.security;

import org.jspecify.annotations.NullMarked;
