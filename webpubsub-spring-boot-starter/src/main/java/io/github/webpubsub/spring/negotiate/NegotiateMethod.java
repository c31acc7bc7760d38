package io.github.webpubsub.spring.negotiate;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * A bean method annotated (directly or through a composed annotation) with
 * {@link WebPubSubNegotiate @WebPubSubNegotiate}, found the way Spring MVC finds handler
 * methods.
 *
 * @param beanName the bean
 * @param userClass the bean's class as written, without a proxy's
 * @param method the annotated method, on the user class
 * @param invocable the method to invoke on the bean, which may be a proxy
 * @param annotation the merged annotation, composed attributes included
 */
record NegotiateMethod(String beanName, Class<?> userClass, Method method, Method invocable,
        WebPubSubNegotiate annotation) {

    /**
     * Names the method for messages:
     * {@code com.example.ChatNegotiation#room(String, Builder)}.
     */
    String displayName() {
        String parameters = Arrays.stream(this.method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", "));
        return this.userClass.getName() + "#" + this.method.getName() + "(" + parameters + ")";
    }

    /**
     * Finds the annotated methods of every bean of a context (not of its parents), in a
     * stable order.
     */
    static List<NegotiateMethod> findAll(ApplicationContext context) {
        List<NegotiateMethod> found = new ArrayList<>();
        for (String beanName : context.getBeanNamesForType(Object.class)) {
            if (ScopedProxyUtils.isScopedTarget(beanName)) {
                continue;
            }
            Class<?> beanType;
            try {
                beanType = context.getType(beanName);
            }
            catch (RuntimeException ex) {
                // A bean whose type cannot be determined (a lazy FactoryBean, say) is no
                // candidate, as for MVC.
                continue;
            }
            if (beanType == null) {
                continue;
            }
            Class<?> userClass = ClassUtils.getUserClass(beanType);
            if (!AnnotationUtils.isCandidateClass(userClass, WebPubSubNegotiate.class)) {
                continue;
            }
            Map<Method, WebPubSubNegotiate> methods = MethodIntrospector.selectMethods(userClass,
                    (MethodIntrospector.MetadataLookup<WebPubSubNegotiate>) (method) -> AnnotatedElementUtils
                        .findMergedAnnotation(method, WebPubSubNegotiate.class));
            methods.forEach((method, annotation) -> found.add(new NegotiateMethod(beanName, userClass, method,
                    AopUtils.selectInvocableMethod(method, beanType), annotation)));
        }
        found.sort(Comparator.comparing(NegotiateMethod::displayName));
        return found;
    }

}
