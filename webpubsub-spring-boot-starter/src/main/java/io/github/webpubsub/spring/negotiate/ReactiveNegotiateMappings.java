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
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import static io.github.webpubsub.spring.negotiate.NegotiateEndpointRegistrar.resolve;

/**
 * Maps negotiate methods with WebFlux's own {@link RequestMappingHandlerMapping}, with
 * the mapping's path parser and content type resolver, and hands their flows to the
 * {@link ReactiveNegotiateHandlerAdapter}.
 */
final class ReactiveNegotiateMappings implements NegotiateEndpointRegistrar.Stack<RequestMappingInfo> {

    /** The beans of WebFlux's configuration, {@code WebFluxConfigurationSupport}. */
    static final String HANDLER_MAPPING = "requestMappingHandlerMapping";

    static final String HANDLER_ADAPTER = "requestMappingHandlerAdapter";

    private static final Log logger = LogFactory.getLog(ReactiveNegotiateMappings.class);

    private final RequestMappingHandlerMapping mapping;

    private final RequestMappingHandlerAdapter webFlux;

    private final ReactiveNegotiateHandlerAdapter adapter;

    private final StringValueResolver placeholders;

    private final RequestMappingInfo.BuilderConfiguration options = new RequestMappingInfo.BuilderConfiguration();

    ReactiveNegotiateMappings(ApplicationContext context, StringValueResolver placeholders) {
        this.mapping = context.getBean(HANDLER_MAPPING, RequestMappingHandlerMapping.class);
        this.webFlux = context.getBean(HANDLER_ADAPTER, RequestMappingHandlerAdapter.class);
        this.adapter = context.getBean(ReactiveNegotiateHandlerAdapter.class);
        this.placeholders = placeholders;
        this.options.setPatternParser(this.mapping.getPathPatternParser());
        this.options.setContentTypeResolver(this.mapping.getContentTypeResolver());
    }

    @Override
    public RequestMappingInfo mappingInfo(NegotiateMethod method) {
        RequestMappingInfo info = RequestMappingInfo.paths(resolve(this.placeholders, method.annotation().path()))
            .methods(RequestMethod.GET, RequestMethod.POST)
            .produces(MediaType.APPLICATION_JSON_VALUE)
            .options(this.options)
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
                .options(this.options)
                .build()
                .combine(info);
        }
        for (Map.Entry<String, Predicate<Class<?>>> prefix : this.mapping.getPathPrefixes().entrySet()) {
            if (prefix.getValue().test(method.userClass())) {
                info = RequestMappingInfo.paths(resolve(this.placeholders, prefix.getKey()))
                    .options(this.options)
                    .build()
                    .combine(info);
                break;
            }
        }
        return info;
    }

    @Override
    public Set<String> patterns(RequestMappingInfo info) {
        Set<String> patterns = new LinkedHashSet<>();
        for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
            patterns.add(pattern.getPatternString());
        }
        return patterns;
    }

    @Override
    public void register(List<NegotiateEndpointRegistrar.Mapped<RequestMappingInfo>> methods) {
        Map<Method, NegotiateFlow> flows = new LinkedHashMap<>();
        for (NegotiateEndpointRegistrar.Mapped<RequestMappingInfo> mapped : methods) {
            flows.put(mapped.method().invocable(), mapped.flow());
        }
        // The adapter knows the methods before any request can reach them.
        this.adapter.initialize(flows, this.webFlux);
        for (NegotiateEndpointRegistrar.Mapped<RequestMappingInfo> mapped : methods) {
            NegotiateMethod method = mapped.method();
            this.mapping.registerMapping(mapped.info(), method.beanName(), method.invocable());
            if (logger.isDebugEnabled()) {
                logger.debug("Mapped " + mapped.info() + " to @WebPubSubNegotiate method " + method.displayName());
            }
        }
    }

}
