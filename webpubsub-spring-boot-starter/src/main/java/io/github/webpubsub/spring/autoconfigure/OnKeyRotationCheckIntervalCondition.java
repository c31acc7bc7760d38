package io.github.webpubsub.spring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code webpubsub.key-rotation.check-interval} has a value. Bound as Boot
 * binds it, so that an empty value (such as an unset {@code ${...:}} placeholder) counts
 * as unset, which {@code @ConditionalOnProperty} would not.
 */
final class OnKeyRotationCheckIntervalCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("Web PubSub key rotation");
        String property = WebPubSubPropertyNames.KEY_ROTATION_CHECK_INTERVAL;
        // A value that does not bind fails here, with Boot's report of the property.
        return Binder.get(context.getEnvironment())
            .bind(property, Duration.class)
            .map((interval) -> ConditionOutcome.match(message.found("property").items(property)))
            .orElseGet(() -> ConditionOutcome.noMatch(message.didNotFind("property").items(property)));
    }

}
