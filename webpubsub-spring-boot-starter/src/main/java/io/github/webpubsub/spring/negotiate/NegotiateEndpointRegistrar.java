package io.github.webpubsub.spring.negotiate;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Once every singleton exists, finds the {@link WebPubSubNegotiate @WebPubSubNegotiate} methods, checks each one
 * and registers it with Spring MVC's own {@link RequestMappingHandlerMapping}: {@code GET} and {@code POST},
 * producing JSON, under the class-level {@code @RequestMapping} and the configured path prefixes, built with the
 * mapping's own configuration so that path matching, CORS and interceptors behave as for any controller. Any
 * invalid method stops startup with a report that lists every problem.
 */
final class NegotiateEndpointRegistrar
        implements SmartInitializingSingleton, ApplicationContextAware, EmbeddedValueResolverAware {

    /** The beans of Spring MVC's configuration, {@code WebMvcConfigurationSupport}. */
    static final String HANDLER_MAPPING = "requestMappingHandlerMapping";

    static final String HANDLER_ADAPTER = "requestMappingHandlerAdapter";

    private static final Log logger = LogFactory.getLog(NegotiateEndpointRegistrar.class);

    private final NegotiateEndpoints endpoints;

    private final ClientUrlFactory clientUrlFactory;

    private final Duration maxLifetime;

    private final boolean defaultHub;

    private final ClientPermissionsResolver permissionsResolver;

    private @Nullable ApplicationContext context;

    private @Nullable StringValueResolver embeddedValueResolver;

    /**
     * Creates the registrar.
     * @param maxLifetime {@code webpubsub.token.max-lifetime}, which bounds the methods' lifetimes
     * @param defaultHub whether requests that name no hub get one ({@code webpubsub.hub}, or the factory's own)
     * @param permissionsResolver the roles and groups of authorities, analysed with the methods' own
     */
    NegotiateEndpointRegistrar(NegotiateEndpoints endpoints, ClientUrlFactory clientUrlFactory, Duration maxLifetime,
            boolean defaultHub, ClientPermissionsResolver permissionsResolver) {
        this.endpoints = endpoints;
        this.clientUrlFactory = clientUrlFactory;
        this.maxLifetime = maxLifetime;
        this.defaultHub = defaultHub;
        this.permissionsResolver = permissionsResolver;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void setEmbeddedValueResolver(StringValueResolver resolver) {
        this.embeddedValueResolver = resolver;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ApplicationContext context = this.context;
        List<NegotiateMethod> methods = NegotiateMethod.findAll(context);
        if (methods.isEmpty()) {
            return;
        }
        RequestMappingHandlerMapping mapping = context.getBean(HANDLER_MAPPING, RequestMappingHandlerMapping.class);
        RequestMappingHandlerAdapter adapter = context.getBean(HANDLER_ADAPTER, RequestMappingHandlerAdapter.class);
        Map<NegotiateMethod, RequestMappingInfo> mappings = new LinkedHashMap<>();
        Map<Method, NegotiateEndpoint> endpoints = new LinkedHashMap<>();
        Map<String, List<NegotiateEndpoint.Problem>> problems = new LinkedHashMap<>();
        for (NegotiateMethod method : methods) {
            List<NegotiateEndpoint.Problem> methodProblems = new ArrayList<>(signatureProblems(method.method()));
            if (!this.defaultHub) {
                methodProblems.addAll(hubProblems(method));
            }
            RequestMappingInfo info = mappingInfo(method, mapping);
            if (info.getPatternValues().stream().allMatch(String::isEmpty)) {
                methodProblems.add(new NegotiateEndpoint.Problem("path", "It has no path.",
                        "Set path, such as @WebPubSubNegotiate(\"/negotiate\"), or a class-level @RequestMapping "
                                + "path."));
            }
            try {
                NegotiateEndpoint endpoint = NegotiateEndpoint.of(method.displayName(), method.annotation(),
                        pathVariables(info.getPatternValues()), this.maxLifetime);
                endpoints.put(method.invocable(), endpoint);
                mappings.put(method, info);
            }
            catch (NegotiateEndpoint.InvalidEndpointException ex) {
                methodProblems.addAll(ex.problems());
            }
            if (!methodProblems.isEmpty()) {
                problems.put(method.displayName(), methodProblems);
            }
        }
        if (problems.isEmpty()) {
            GrantBoundary boundary = grantBoundary(endpoints.values(), problems);
            endpoints.replaceAll((method, endpoint) -> endpoint.within(boundary));
        }
        if (!problems.isEmpty()) {
            throw WebPubSubNegotiateConfigurationException.invalidMethods(problems);
        }
        NegotiateResponses responses = NegotiateResponses.from(adapter.getMessageConverters());
        if (responses == null) {
            throw WebPubSubNegotiateConfigurationException.noJsonConverter(methods.get(0).displayName());
        }
        mappings.forEach((method, info) -> mapping.registerMapping(info, method.beanName(), method.invocable()));
        this.endpoints.initialize(endpoints, responses);
        putFirst(adapter, new NegotiateReturnValueHandler(this.endpoints, this.clientUrlFactory));
        if (logger.isDebugEnabled()) {
            mappings.forEach((method, info) -> logger.debug("Mapped " + info + " to @WebPubSubNegotiate method "
                    + method.displayName()));
        }
    }

    /**
     * Analyses the templates of every endpoint and of the authority tables together, since a wildcard role of one
     * can reach the groups of another; adds each conflict to the problems of the method that declares it.
     */
    private GrantBoundary grantBoundary(Collection<NegotiateEndpoint> endpoints,
            Map<String, List<NegotiateEndpoint.Problem>> problems) {
        List<GrantBoundary.Grant> grants = new ArrayList<>();
        if (this.permissionsResolver instanceof AuthorityClientPermissionsResolver tables) {
            grants.addAll(tables.grants(WebPubSubNegotiateAutoConfiguration.AUTHORITY_ROLES,
                    WebPubSubNegotiateAutoConfiguration.AUTHORITY_GROUPS));
        }
        endpoints.forEach((endpoint) -> grants.addAll(endpoint.grants()));
        GrantBoundary.Analysis analysis = GrantBoundary.of(grants);
        for (GrantBoundary.Conflict conflict : analysis.conflicts()) {
            GrantBoundary.Grant declared = (conflict.template().owner() != null) ? conflict.template()
                    : conflict.wildcard();
            String method = (declared.owner() != null) ? declared.owner() : "(authority tables)";
            problems.computeIfAbsent(method, (key) -> new ArrayList<>())
                .add(new NegotiateEndpoint.Problem(declared.origin(), conflict.description(), conflict.action()));
        }
        if (this.permissionsResolver instanceof AuthorityClientPermissionsResolver tables) {
            tables.restrictTo(analysis.boundary());
        }
        return analysis.boundary();
    }

    /**
     * Puts a return value handler ahead of Spring MVC's own: for a {@code void} method of a
     * {@code @RestController}, the {@code @ResponseBody} handler would otherwise claim the return value and write
     * an empty body.
     */
    private static void putFirst(RequestMappingHandlerAdapter adapter, HandlerMethodReturnValueHandler handler) {
        List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
        handlers.add(handler);
        List<HandlerMethodReturnValueHandler> existing = adapter.getReturnValueHandlers();
        if (existing != null) {
            handlers.addAll(existing);
        }
        adapter.setReturnValueHandlers(handlers);
    }

    /**
     * Checks what the annotation cannot tell: the method is not mapped twice, writes no answer of its own, and takes
     * at most one request builder.
     */
    static List<NegotiateEndpoint.Problem> signatureProblems(Method method) {
        List<NegotiateEndpoint.Problem> problems = new ArrayList<>();
        if (AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class)) {
            problems.add(new NegotiateEndpoint.Problem("@RequestMapping", "It also has a request mapping "
                    + "(@RequestMapping, @GetMapping, ...), which would answer without the caller checks.",
                    "Remove the request mapping annotation; @WebPubSubNegotiate maps the method itself."));
        }
        if (method.getReturnType() != void.class) {
            problems.add(new NegotiateEndpoint.Problem("return type", "It returns "
                    + method.getGenericReturnType().getTypeName() + ", but the endpoint writes the answer itself.",
                    "Declare the method void; customise the answer through a ClientAccessRequest.Builder "
                            + "parameter, or throw to refuse the caller."));
        }
        long builders = Arrays.stream(method.getParameterTypes())
            .filter((type) -> type == ClientAccessRequest.Builder.class)
            .count();
        if (builders > 1) {
            problems.add(new NegotiateEndpoint.Problem("parameters", "It has " + builders
                    + " ClientAccessRequest.Builder parameters, but there is one request.",
                    "Keep one ClientAccessRequest.Builder parameter."));
        }
        return problems;
    }

    /**
     * Without a default hub, a method must name its hub, or take the request builder, whose {@code hub(..)} it may
     * set from the request: else every caller would get a 400 for the server's omission.
     */
    static List<NegotiateEndpoint.Problem> hubProblems(NegotiateMethod method) {
        boolean takesBuilder = Arrays.asList(method.method().getParameterTypes())
            .contains(ClientAccessRequest.Builder.class);
        if (!method.annotation().hub().isEmpty() || takesBuilder) {
            return List.of();
        }
        return List.of(new NegotiateEndpoint.Problem("hub", "Its 'hub' attribute is empty and 'webpubsub.hub' is not "
                + "set, so no request would name a hub and every caller would be refused.",
                "Set hub, such as @WebPubSubNegotiate(path = \"/negotiate\", hub = \"chat\"), or set 'webpubsub.hub' "
                        + "to the hub of the endpoints that name none, or take a ClientAccessRequest.Builder parameter "
                        + "and set its hub."));
    }

    private RequestMappingInfo mappingInfo(NegotiateMethod method, RequestMappingHandlerMapping mapping) {
        RequestMappingInfo.BuilderConfiguration options = mapping.getBuilderConfiguration();
        RequestMappingInfo info = RequestMappingInfo.paths(resolve(method.annotation().path()))
            .methods(RequestMethod.GET, RequestMethod.POST)
            .produces(MediaType.APPLICATION_JSON_VALUE)
            .options(options)
            .build();
        RequestMapping typeMapping = AnnotatedElementUtils.findMergedAnnotation(method.userClass(),
                RequestMapping.class);
        if (typeMapping != null) {
            RequestMappingInfo.Builder type = RequestMappingInfo.paths(resolve(typeMapping.path()))
                .methods(typeMapping.method())
                .params(typeMapping.params())
                .headers(typeMapping.headers())
                .consumes(typeMapping.consumes())
                .produces(typeMapping.produces())
                .options(options);
            info = type.build().combine(info);
        }
        for (Map.Entry<String, Predicate<Class<?>>> prefix : mapping.getPathPrefixes().entrySet()) {
            if (prefix.getValue().test(method.userClass())) {
                info = RequestMappingInfo.paths(resolve(prefix.getKey())).options(options).build().combine(info);
                break;
            }
        }
        return info;
    }

    private String[] resolve(String... values) {
        if (this.embeddedValueResolver == null) {
            return values;
        }
        String[] resolved = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            resolved[i] = this.embeddedValueResolver.resolveStringValue(values[i]);
        }
        return resolved;
    }

    /**
     * Returns the URI template variables that every pattern has, so that a placeholder has a value whichever path
     * matched.
     */
    static Set<String> pathVariables(Set<String> patterns) {
        Set<String> common = null;
        for (String pattern : patterns) {
            Set<String> variables = variables(pattern);
            if (common == null) {
                common = new LinkedHashSet<>(variables);
            }
            else {
                common.retainAll(variables);
            }
        }
        return (common != null) ? common : Set.of();
    }

    /**
     * Returns the variable names of one pattern: {@code {name}}, {@code {name:regex}} (whose regex may hold
     * braces) and {@code {*name}}.
     */
    static Set<String> variables(String pattern) {
        Set<String> names = new HashSet<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{') {
                if (depth++ == 0) {
                    start = i + 1;
                }
            }
            else if (c == '}' && depth > 0 && --depth == 0) {
                String variable = pattern.substring(start, i);
                int colon = variable.indexOf(':');
                String name = ((colon >= 0) ? variable.substring(0, colon) : variable).strip();
                if (name.startsWith("*")) {
                    name = name.substring(1);
                }
                if (StringUtils.hasText(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

}
