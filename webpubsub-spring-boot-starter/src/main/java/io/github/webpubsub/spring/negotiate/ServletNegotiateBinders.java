package io.github.webpubsub.spring.negotiate;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.support.DefaultDataBinderFactory;
import org.springframework.web.bind.support.WebBindingInitializer;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolverComposite;
import org.springframework.web.method.support.InvocableHandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ServletRequestDataBinderFactory;

/**
 * The data binding of negotiate methods on Spring MVC, as Spring MVC's adapter gives its
 * handler methods: the application's {@code WebBindingInitializer} (conversion service,
 * validator), then the {@code @InitBinder} methods of the {@code @ControllerAdvice} beans
 * that apply to the controller, then the controller's own.
 */
final class ServletNegotiateBinders {

    private final @Nullable WebBindingInitializer initializer;

    private final HandlerMethodArgumentResolverComposite initBinderResolvers;

    private final ParameterNameDiscoverer parameterNameDiscoverer;

    /**
     * For methods whose controller and advice have no {@code @InitBinder} method: the
     * same for every call.
     */
    private final WebDataBinderFactory plain;

    /**
     * The {@code @InitBinder} methods of each controller that has any, with those of its
     * advice.
     */
    private final Map<Class<?>, List<InitBinder>> initBinders;

    ServletNegotiateBinders(RequestMappingHandlerAdapter springMvc, ApplicationContext context,
            Collection<Class<?>> controllers, ParameterNameDiscoverer parameterNameDiscoverer) {
        this.initializer = springMvc.getWebBindingInitializer();
        this.initBinderResolvers = new HandlerMethodArgumentResolverComposite();
        if (springMvc.getInitBinderArgumentResolvers() != null) {
            this.initBinderResolvers.addResolvers(springMvc.getInitBinderArgumentResolvers());
        }
        this.parameterNameDiscoverer = parameterNameDiscoverer;
        this.plain = new ServletRequestDataBinderFactory(null, this.initializer);
        List<ControllerAdviceBean> advice = ControllerAdviceBean.findAnnotatedBeans(context);
        Map<Class<?>, List<InitBinder>> initBinders = new HashMap<>();
        for (Class<?> controller : controllers) {
            List<InitBinder> methods = new ArrayList<>();
            for (ControllerAdviceBean adviceBean : advice) {
                Class<?> adviceType = adviceBean.getBeanType();
                if (adviceType != null && adviceBean.isApplicableToBeanType(controller)) {
                    for (Method method : initBinderMethods(adviceType)) {
                        methods.add(new InitBinder(adviceBean, method));
                    }
                }
            }
            for (Method method : initBinderMethods(controller)) {
                methods.add(new InitBinder(null, method));
            }
            if (!methods.isEmpty()) {
                initBinders.put(controller, List.copyOf(methods));
            }
        }
        this.initBinders = Map.copyOf(initBinders);
    }

    ServletNegotiateBinders() {
        this.initializer = null;
        this.initBinderResolvers = new HandlerMethodArgumentResolverComposite();
        this.parameterNameDiscoverer = new DefaultParameterNameDiscoverer();
        this.plain = new DefaultDataBinderFactory(null);
        this.initBinders = Map.of();
    }

    private static Set<Method> initBinderMethods(Class<?> type) {
        return MethodIntrospector.selectMethods(type, RequestMappingHandlerAdapter.INIT_BINDER_METHODS);
    }

    /**
     * Returns the binder factory of a call to a handler method, whose bean is resolved.
     */
    WebDataBinderFactory forCall(HandlerMethod handler) {
        List<InitBinder> methods = this.initBinders.get(handler.getBeanType());
        if (methods == null) {
            return this.plain;
        }
        List<InvocableHandlerMethod> invocable = new ArrayList<>(methods.size());
        for (InitBinder initBinder : methods) {
            Object bean = (initBinder.advice() != null) ? initBinder.advice().resolveBean() : handler.getBean();
            InvocableHandlerMethod method = new InvocableHandlerMethod(bean, initBinder.method());
            method.setHandlerMethodArgumentResolvers(this.initBinderResolvers);
            method.setDataBinderFactory(new DefaultDataBinderFactory(this.initializer));
            method.setParameterNameDiscoverer(this.parameterNameDiscoverer);
            invocable.add(method);
        }
        return new ServletRequestDataBinderFactory(invocable, this.initializer);
    }

    /**
     * An {@code @InitBinder} method: of an advice bean, or of the controller itself when
     * {@code advice} is null.
     */
    private record InitBinder(@Nullable ControllerAdviceBean advice, Method method) {
    }

}
