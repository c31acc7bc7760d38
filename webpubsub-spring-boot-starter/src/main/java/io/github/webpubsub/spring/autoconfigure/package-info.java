/**
 * Spring Boot auto-configuration for Azure Web PubSub client access: the
 * {@code webpubsub.*} properties, the {@code ClientUrlFactory} bean and its customizers,
 * the connection details seam, the Microsoft Entra ID identity of key-less mode
 * (azure-identity's {@code DefaultAzureCredential} when it is on the class path), the
 * startup failure report, secret masking for the actuator and Micrometer counters.
 */
@NullMarked
package io.github.webpubsub.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
