package io.github.webpubsub.spring.localhub;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the configured endpoint is plain {@code http} on this machine
 * ({@code localhost}, {@code 127.0.0.0/8} or {@code [::1]}; names are never resolved) and
 * comes with an access key. An endpoint without a key (key-less mode) matches only with
 * {@code webpubsub.local-hub.accept-unverified-entra-id-tokens}. Any other endpoint is a
 * real service, and the local hub stays off. The outcome, in Boot's condition report,
 * names the setting, never its value.
 */
final class OnLoopbackEndpointCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage
            .forCondition("Local Web PubSub hub at the configured endpoint");
        ConfiguredEndpoint configured = ConfiguredEndpoint.of(context.getEnvironment());
        return switch (configured.kind()) {
            case NONE -> ConditionOutcome.noMatch(message.because("no endpoint is configured"));
            case INVALID -> ConditionOutcome.noMatch(message.because(configured.property() + " is not usable"));
            case KEYED, KEYLESS -> {
                if (!configured.isServable()) {
                    yield ConditionOutcome.noMatch(message.because(
                            "the endpoint of " + configured.property() + " is not an http address on this machine"));
                }
                String acceptUnverified = LocalHubPropertyNames.LOCAL_HUB_ACCEPT_UNVERIFIED_ENTRA_ID_TOKENS;
                if (configured.kind() == ConfiguredEndpoint.Kind.KEYLESS
                        && !Binder.get(context.getEnvironment()).bind(acceptUnverified, Boolean.class).orElse(false)) {
                    yield ConditionOutcome.noMatch(message.because("the endpoint of " + configured.property()
                            + " has no access key (key-less mode) and " + acceptUnverified + " is not true"));
                }
                yield ConditionOutcome.match(message
                    .because("the endpoint of " + configured.property() + " is an http address on this machine"));
            }
        };
    }

}
