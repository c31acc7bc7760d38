/**
 * Spring Boot auto-configuration for Azure Web PubSub client access: the {@code webpubsub.*} properties, the
 * {@code ClientUrlFactory} bean and its customizers, the connection details seam, the startup failure report, secret
 * masking for the actuator and Micrometer counters.
 */
@NullMarked
package io.github.webpubsub.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
