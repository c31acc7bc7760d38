package io.github.webpubsub.spring.negotiate;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * Registers what a native image needs of a {@link WebPubSubNegotiate @WebPubSubNegotiate}
 * method, as Spring MVC registers its own mappings: the method, which the web stack
 * invokes reflectively, and the types of its {@code @RequestBody} parameters, which the
 * JSON converter binds.
 */
final class NegotiateReflectiveProcessor extends SimpleReflectiveProcessor {

    private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

    @Override
    protected void registerMethodHint(ReflectionHints hints, Method method) {
        super.registerMethodHint(hints, method);
        for (Parameter parameter : method.getParameters()) {
            MethodParameter methodParameter = MethodParameter.forParameter(parameter);
            if (methodParameter.hasParameterAnnotation(RequestBody.class)) {
                this.bindingRegistrar.registerReflectionHints(hints, methodParameter.getGenericParameterType());
            }
        }
    }

}
