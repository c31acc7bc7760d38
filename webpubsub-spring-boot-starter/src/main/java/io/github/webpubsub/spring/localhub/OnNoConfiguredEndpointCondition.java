package io.github.webpubsub.spring.localhub;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when no Web PubSub endpoint is configured at all: no connection string, no
 * endpoint, no access key, and no {@code AZURE_WEBPUBSUB_CONNECTIONSTRING} variable.
 */
final class OnNoConfiguredEndpointCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("Local Web PubSub hub on a free port");
        ConfiguredEndpoint configured = ConfiguredEndpoint.of(context.getEnvironment());
        if (configured.kind() == ConfiguredEndpoint.Kind.NONE) {
            return ConditionOutcome.match(message.didNotFind("property")
                .items(LocalHubPropertyNames.CONNECTION_STRING, LocalHubPropertyNames.ENDPOINT,
                        LocalHubPropertyNames.SERVICE_CONNECTOR_VARIABLE));
        }
        return ConditionOutcome.noMatch(message.found("property").items(configured.property()));
    }

}
