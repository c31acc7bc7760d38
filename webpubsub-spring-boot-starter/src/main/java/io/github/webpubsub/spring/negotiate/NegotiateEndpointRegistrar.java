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
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Once every singleton exists, finds the {@link WebPubSubNegotiate @WebPubSubNegotiate}
 * methods, checks each one, and hands them, each with its {@link NegotiateFlow}, to the
 * web stack that maps them (a {@link Stack}): Spring MVC's or WebFlux's own handler
 * mapping, so that path matching, CORS and interceptors or filters behave as for any
 * controller. Any invalid method stops startup with one report that lists every problem.
 */
final class NegotiateEndpointRegistrar
        implements SmartInitializingSingleton, ApplicationContextAware, EmbeddedValueResolverAware {

    private final BiFunction<ApplicationContext, StringValueResolver, Stack<?>> stack;

    private final NegotiateFlow.Callers callers;

    private final ClientUrlFactory clientUrlFactory;

    private final Duration maxLifetime;

    private final boolean defaultHub;

    private @Nullable ApplicationContext context;

    private StringValueResolver embeddedValueResolver = (value) -> value;

    /**
     * Creates a registrar.
     * @param stack the web stack, made from the context and its placeholder resolver once
     * there are methods to map
     * @param callers what tells who a caller is
     * @param clientUrlFactory the factory that issues every endpoint's URLs
     * @param maxLifetime the longest lifetime the factory issues
     * ({@code webpubsub.token.max-lifetime})
     * @param defaultHub whether requests that name no hub get one ({@code webpubsub.hub},
     * or the factory's own)
     */
    NegotiateEndpointRegistrar(BiFunction<ApplicationContext, StringValueResolver, Stack<?>> stack,
            NegotiateFlow.Callers callers, ClientUrlFactory clientUrlFactory, Duration maxLifetime,
            boolean defaultHub) {
        this.stack = stack;
        this.callers = callers;
        this.clientUrlFactory = clientUrlFactory;
        this.maxLifetime = maxLifetime;
        this.defaultHub = defaultHub;
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
        ApplicationContext context = Objects.requireNonNull(this.context, "ApplicationContext");
        List<NegotiateMethod> methods = NegotiateMethod.findAll(context);
        if (!methods.isEmpty()) {
            register(this.stack.apply(context, this.embeddedValueResolver), methods);
        }
    }

    private <I> void register(Stack<I> stack, List<NegotiateMethod> methods) {
        Map<NegotiateMethod, I> infos = new LinkedHashMap<>();
        Map<NegotiateMethod, NegotiateEndpoint> endpoints = new LinkedHashMap<>();
        Map<String, List<NegotiateEndpoint.Problem>> problems = new LinkedHashMap<>();
        for (NegotiateMethod method : methods) {
            List<NegotiateEndpoint.Problem> methodProblems = new ArrayList<>(signatureProblems(method.method()));
            if (!this.defaultHub) {
                methodProblems.addAll(hubProblems(method));
            }
            I info = stack.mappingInfo(method);
            Set<String> patterns = stack.patterns(info);
            if (patterns.stream().allMatch(String::isEmpty)) {
                methodProblems.add(new NegotiateEndpoint.Problem("path", "It has no path.",
                        "Set path, such as @WebPubSubNegotiate(\"/negotiate\"), or a class-level @RequestMapping "
                                + "path."));
            }
            try {
                endpoints.put(method, NegotiateEndpoint.of(method.displayName(), method.annotation(),
                        pathVariables(patterns), this.maxLifetime));
                infos.put(method, info);
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
            throw NegotiateConfigurationFailures.invalidMethods(problems);
        }
        ServiceFailureLog failureLog = new ServiceFailureLog();
        List<Mapped<I>> mapped = new ArrayList<>();
        endpoints
            .forEach((method, endpoint) -> mapped.add(new Mapped<>(method, Objects.requireNonNull(infos.get(method)),
                    new NegotiateFlow(endpoint, this.callers, this.clientUrlFactory, failureLog))));
        stack.register(mapped);
    }

    /**
     * Analyses the templates of every endpoint and of the authority tables together,
     * since a wildcard role of one can reach the groups of another; adds each conflict to
     * the problems of the method that declares it.
     */
    private GrantBoundary grantBoundary(Collection<NegotiateEndpoint> endpoints,
            Map<String, List<NegotiateEndpoint.Problem>> problems) {
        List<GrantBoundary.Grant> grants = new ArrayList<>();
        ClientPermissionsResolver permissionsResolver = this.callers.permissionsResolver();
        if (permissionsResolver instanceof AuthorityClientPermissionsResolver tables) {
            grants.addAll(tables.grants(NegotiatePropertyNames.NEGOTIATE_AUTHORITY_ROLES,
                    NegotiatePropertyNames.NEGOTIATE_AUTHORITY_GROUPS));
        }
        endpoints.forEach((endpoint) -> grants.addAll(endpoint.grants()));
        GrantBoundary.Analysis analysis = GrantBoundary.of(grants);
        for (GrantBoundary.Conflict conflict : analysis.conflicts()) {
            // The resolver refused conflicts within its own tables, so one side is always
            // a method's.
            GrantBoundary.Grant declared = (conflict.template().owner() != null) ? conflict.template()
                    : conflict.wildcard();
            problems.computeIfAbsent(declared.owner(), (key) -> new ArrayList<>())
                .add(new NegotiateEndpoint.Problem(declared.origin(), conflict.description(), conflict.action()));
        }
        if (permissionsResolver instanceof AuthorityClientPermissionsResolver tables) {
            tables.restrictTo(analysis.boundary());
        }
        return analysis.boundary();
    }

    /**
     * Checks what the annotation cannot tell: the method is not mapped twice, writes no
     * answer of its own, and takes at most one request builder.
     */
    static List<NegotiateEndpoint.Problem> signatureProblems(Method method) {
        List<NegotiateEndpoint.Problem> problems = new ArrayList<>();
        if (AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class)) {
            problems.add(new NegotiateEndpoint.Problem("@RequestMapping",
                    "It also has a request mapping "
                            + "(@RequestMapping, @GetMapping, ...), which would answer without the caller checks.",
                    "Remove the request mapping annotation; @WebPubSubNegotiate maps the method itself."));
        }
        if (method.getReturnType() != void.class) {
            problems.add(new NegotiateEndpoint.Problem("return type",
                    "It returns " + method.getGenericReturnType().getTypeName()
                            + ", but the endpoint writes the answer itself.",
                    "Declare the method void; customise the answer through a ClientAccessRequest.Builder "
                            + "parameter, or throw to refuse the caller."));
        }
        long builders = Arrays.stream(method.getParameterTypes())
            .filter((type) -> type == ClientAccessRequest.Builder.class)
            .count();
        if (builders > 1) {
            problems.add(new NegotiateEndpoint.Problem("parameters",
                    "It has " + builders + " ClientAccessRequest.Builder parameters, but there is one request.",
                    "Keep one ClientAccessRequest.Builder parameter."));
        }
        return problems;
    }

    /**
     * Without a default hub, a method must name its hub, or take the request builder,
     * whose {@code hub(..)} it may set from the request: else every caller would get a
     * 400 for the server's omission.
     */
    static List<NegotiateEndpoint.Problem> hubProblems(NegotiateMethod method) {
        boolean takesBuilder = Arrays.asList(method.method().getParameterTypes())
            .contains(ClientAccessRequest.Builder.class);
        if (!method.annotation().hub().isEmpty() || takesBuilder) {
            return List.of();
        }
        String property = NegotiatePropertyNames.HUB;
        return List.of(new NegotiateEndpoint.Problem("hub",
                "Its 'hub' attribute is empty and '" + property + "' is "
                        + "not set, so no request would name a hub and every caller would be refused.",
                "Set hub, such as @WebPubSubNegotiate(path = \"/negotiate\", hub = \"chat\"), or set '" + property
                        + "' to the hub of the endpoints that name none, or take a ClientAccessRequest.Builder "
                        + "parameter and set its hub."));
    }

    /**
     * Returns the URI template variables that every pattern has, so that a placeholder
     * has a value whichever path matched.
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
     * Returns the variable names of one pattern: {@code {name}}, {@code {name:regex}}
     * (whose regex may hold braces) and {@code {*name}}.
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

    /**
     * What a web stack does to map negotiate methods.
     *
     * @param <I> the stack's request mapping info
     */
    interface Stack<I> {

        /**
         * Returns the mapping of a method: {@code GET} and {@code POST}, producing JSON,
         * under the class-level {@code @RequestMapping} and the configured path prefixes,
         * with placeholders in paths resolved.
         */
        I mappingInfo(NegotiateMethod method);

        /**
         * Returns the path patterns of a mapping.
         */
        Set<String> patterns(I info);

        /**
         * Maps every method, each with its flow; called once, with methods that were all
         * found valid.
         */
        void register(List<Mapped<I>> methods);

    }

    /**
     * A checked method, its mapping and its flow.
     */
    record Mapped<I>(NegotiateMethod method, I info, NegotiateFlow flow) {
    }

    /**
     * Resolves placeholders, such as {@code ${chat.path}}, in mapping paths.
     */
    static String[] resolve(StringValueResolver resolver, String... values) {
        String[] resolved = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            resolved[i] = resolver.resolveStringValue(values[i]);
        }
        return resolved;
    }

}
