package io.github.webpubsub.spring.negotiate;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.util.StringValueResolver;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static io.github.webpubsub.spring.negotiate.NegotiateEndpointRegistrar.resolve;

/**
 * Maps negotiate methods with Spring MVC's own {@link RequestMappingHandlerMapping},
 * built with the mapping's own configuration, and hands their flows to the
 * {@link ServletNegotiateHandlerAdapter}.
 */
final class ServletNegotiateMappings implements NegotiateEndpointRegistrar.Stack<RequestMappingInfo> {

    /** The beans of Spring MVC's configuration, {@code WebMvcConfigurationSupport}. */
    static final String HANDLER_MAPPING = "requestMappingHandlerMapping";

    static final String HANDLER_ADAPTER = "requestMappingHandlerAdapter";

    private static final Log logger = LogFactory.getLog(ServletNegotiateMappings.class);

    private final RequestMappingHandlerMapping mapping;

    private final RequestMappingHandlerAdapter springMvc;

    private final ServletNegotiateHandlerAdapter adapter;

    private final StringValueResolver placeholders;

    private final ApplicationContext context;

    ServletNegotiateMappings(ApplicationContext context, StringValueResolver placeholders) {
        this.context = context;
        this.mapping = context.getBean(HANDLER_MAPPING, RequestMappingHandlerMapping.class);
        this.springMvc = context.getBean(HANDLER_ADAPTER, RequestMappingHandlerAdapter.class);
        this.adapter = context.getBean(ServletNegotiateHandlerAdapter.class);
        this.placeholders = placeholders;
    }

    @Override
    public RequestMappingInfo mappingInfo(NegotiateMethod method) {
        RequestMappingInfo.BuilderConfiguration options = this.mapping.getBuilderConfiguration();
        RequestMappingInfo info = RequestMappingInfo.paths(resolve(this.placeholders, method.annotation().path()))
            .methods(RequestMethod.GET, RequestMethod.POST)
            .produces(MediaType.APPLICATION_JSON_VALUE)
            .options(options)
            .build();
        RequestMapping typeMapping = AnnotatedElementUtils.findMergedAnnotation(method.userClass(),
                RequestMapping.class);
        if (typeMapping != null) {
            info = RequestMappingInfo.paths(resolve(this.placeholders, typeMapping.path()))
                .methods(typeMapping.method())
                .params(typeMapping.params())
                .headers(typeMapping.headers())
                .consumes(typeMapping.consumes())
                .produces(typeMapping.produces())
                .options(options)
                .build()
                .combine(info);
        }
        for (Map.Entry<String, Predicate<Class<?>>> prefix : this.mapping.getPathPrefixes().entrySet()) {
            if (prefix.getValue().test(method.userClass())) {
                info = RequestMappingInfo.paths(resolve(this.placeholders, prefix.getKey()))
                    .options(options)
                    .build()
                    .combine(info);
                break;
            }
        }
        return info;
    }

    @Override
    public Set<String> patterns(RequestMappingInfo info) {
        return info.getPatternValues();
    }

    @Override
    public void register(List<NegotiateEndpointRegistrar.Mapped<RequestMappingInfo>> methods) {
        Map<Method, NegotiateFlow> flows = new LinkedHashMap<>();
        Set<Class<?>> controllers = new LinkedHashSet<>();
        for (NegotiateEndpointRegistrar.Mapped<RequestMappingInfo> mapped : methods) {
            NegotiateMethod method = mapped.method();
            flows.put(method.invocable(), mapped.flow());
            controllers.add(method.userClass());
        }
        // The adapter knows the methods before any request can reach them.
        this.adapter.initialize(flows, controllers, this.springMvc, this.context);
        for (NegotiateEndpointRegistrar.Mapped<RequestMappingInfo> mapped : methods) {
            NegotiateMethod method = mapped.method();
            this.mapping.registerMapping(mapped.info(), method.beanName(), method.invocable());
            if (logger.isDebugEnabled()) {
                logger.debug("Mapped " + mapped.info() + " to @WebPubSubNegotiate method " + method.displayName());
            }
        }
    }

}
