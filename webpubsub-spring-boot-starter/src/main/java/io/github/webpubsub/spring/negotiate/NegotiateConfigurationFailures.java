package io.github.webpubsub.spring.negotiate;

import java.util.List;
import java.util.Map;

import io.github.webpubsub.spring.autoconfigure.WebPubSubConfigurationException;

/**
 * Creates the startup failures of {@link WebPubSubNegotiate @WebPubSubNegotiate}
 * endpoints that cannot work: an invalid attribute or signature, an invalid
 * {@code webpubsub.negotiate.*} property, or Spring Security missing. Each is a
 * {@link WebPubSubConfigurationException} with the negotiate endpoints' own summary,
 * which names the method or property at fault and says how to fix it; Spring Boot turns
 * it into a failure report.
 */
final class NegotiateConfigurationFailures {

    static final String SUMMARY = "A Web PubSub negotiate endpoint cannot work.";

    private NegotiateConfigurationFailures() {
    }

    /**
     * Reports the problems of annotated methods, by method.
     * @param problemsByMethod the problems, at least one, by the method's display name
     */
    static WebPubSubConfigurationException invalidMethods(
            Map<String, List<NegotiateEndpoint.Problem>> problemsByMethod) {
        StringBuilder description = new StringBuilder();
        StringBuilder action = new StringBuilder();
        int count = problemsByMethod.values().stream().mapToInt(List::size).sum();
        if (count == 1) {
            Map.Entry<String, List<NegotiateEndpoint.Problem>> only = problemsByMethod.entrySet().iterator().next();
            String method = only.getKey();
            NegotiateEndpoint.Problem problem = only.getValue().get(0);
            description.append("@WebPubSubNegotiate method ")
                .append(method)
                .append(" is invalid: ")
                .append(problem.description());
            action.append(problem.action());
        }
        else {
            description.append(count).append(" problems with @WebPubSubNegotiate methods:");
            action.append("Fix each problem:");
            problemsByMethod.forEach((method, problems) -> {
                for (NegotiateEndpoint.Problem problem : problems) {
                    description.append(
                            String.format("%n    - %s, %s: %s", method, problem.attribute(), problem.description()));
                    action.append(String.format("%n    - %s, %s: %s", method, problem.attribute(), problem.action()));
                }
            });
        }
        return failure(description.toString(), action.toString());
    }

    /**
     * Reports annotated methods in a Spring MVC application without Spring Security's web
     * support.
     * @param methods the display names of the methods
     */
    static WebPubSubConfigurationException springSecurityMissing(List<String> methods) {
        return failure(
                "@WebPubSubNegotiate is used (" + String.join(", ", methods) + "), but Spring Security's web support "
                        + "(spring-security-web) is not on the class path. A negotiate endpoint hands out tokens, so "
                        + "it must know who asks: it takes the user id, roles and groups from Spring Security's "
                        + "Authentication, and without it would serve everyone alike.",
                "Add the dependency org.springframework.boot:spring-boot-starter-security and configure how users "
                        + "sign in. To run without the endpoints, set '" + NegotiatePropertyNames.ENABLED
                        + "' to false.");
    }

    /**
     * Reports annotated methods in a WebFlux application without Spring Security's
     * reactive web support.
     * @param methods the display names of the methods
     */
    static WebPubSubConfigurationException reactiveSpringSecurityMissing(List<String> methods) {
        return failure(
                "@WebPubSubNegotiate is used (" + String.join(", ", methods) + ") in a WebFlux application, but "
                        + "Spring Security's reactive web support (spring-security-web with its WebFlux classes) is "
                        + "not on the class path. A negotiate endpoint hands out tokens, so it must know who asks: it "
                        + "takes the user id, roles and groups from the Authentication of Spring Security's "
                        + "ReactiveSecurityContextHolder, and without it would serve everyone alike.",
                "Add the dependency org.springframework.boot:spring-boot-starter-security and configure how users "
                        + "sign in with a SecurityWebFilterChain. To run without the endpoints, set '"
                        + NegotiatePropertyNames.ENABLED + "' to false.");
    }

    /**
     * Reports an invalid entry of an authority table.
     * @param table {@code webpubsub.negotiate.authority-roles} or
     * {@code webpubsub.negotiate.authority-groups}
     */
    static WebPubSubConfigurationException invalidAuthorityEntry(String table, String authority, int index,
            String description) {
        String propertyName = table + "[" + authority + "][" + index + "]";
        // A file may give the key without brackets (ROLE_USER: [...]), which Boot reads
        // as a dotted name.
        String dotted = table + "." + authority + "[" + index + "]";
        return new WebPubSubConfigurationException(SUMMARY, propertyName, dotted,
                "'" + propertyName + "' is invalid. " + description,
                "Map each authority to roles the service defines (webpubsub.sendToGroup, "
                        + "webpubsub.joinLeaveGroup.<group>, ...) and to valid group names; the only placeholder is "
                        + "{userId}.");
    }

    /** A failure of code rather than of a property. */
    private static WebPubSubConfigurationException failure(String description, String action) {
        return new WebPubSubConfigurationException(SUMMARY, null, null, description, action);
    }

}
