/**
 * Small rules the project applies in more than one place, public so that the Spring Boot
 * starter, the local hub and applications writing their own negotiate endpoints apply
 * them alike: how a JSON string is escaped, and which hosts name this machine.
 */
@NullMarked
package io.github.webpubsub.token.support;

import org.jspecify.annotations.NullMarked;
