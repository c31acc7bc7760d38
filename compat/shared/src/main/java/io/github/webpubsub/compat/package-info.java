/**
 * The user application that every compatibility project builds on its own Spring Boot
 * version and web stack: a negotiate endpoint secured by Spring Security, as the README's
 * examples write it.
 */
package io.github.webpubsub.compat;
