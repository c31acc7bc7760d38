package io.github.webpubsub.spring.negotiate;

import java.util.Map;
import java.util.function.Consumer;

import io.github.webpubsub.spring.autoconfigure.WebPubSubAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.CONNECTION_STRING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebPubSubReactiveNegotiateAutoConfiguration}: when it applies, what it
 * maps, and the startup failures, as for {@link WebPubSubNegotiateAutoConfigurationTests}
 * on Spring MVC (whose test controllers it reuses).
 */
class ReactiveNegotiateAutoConfigurationTests {

    private static final AutoConfigurations BOTH_STACKS = AutoConfigurations.of(WebPubSubAutoConfiguration.class,
            WebPubSubNegotiateAutoConfiguration.class, WebPubSubReactiveNegotiateAutoConfiguration.class);

    private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(BOTH_STACKS)
        .withConfiguration(AutoConfigurations.of(WebFluxAutoConfiguration.class))
        .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat");

    @Test
    void autoConfigurationIsRegisteredInTheImportsFile() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
            .contains(WebPubSubReactiveNegotiateAutoConfiguration.class.getName());
    }

    @Test
    void annotatedMethodIsMappedForGetAndPostProducingJson() {
        this.contextRunner.withUserConfiguration(WebPubSubNegotiateAutoConfigurationTests.Chat.class).run((context) -> {
            RequestMappingInfo info = mappingOf(context, "chat");
            assertThat(info.getPatternsCondition().getPatterns()).extracting(Object::toString)
                .containsExactly("/negotiate");
            assertThat(info.getMethodsCondition().getMethods()).containsExactlyInAnyOrder(RequestMethod.GET,
                    RequestMethod.POST);
            assertThat(info.getProducesCondition().getProducibleMediaTypes())
                .containsExactly(MediaType.APPLICATION_JSON);
            ReactiveNegotiateHandlerAdapter adapter = context.getBean(ReactiveNegotiateHandlerAdapter.class);
            assertThat(adapter.supports(handlerOf(context, "chat"))).isTrue();
            assertThat(adapter.supports(handlerOf(context, "other"))).isFalse();
        });
    }

    @Test
    void reactiveApplicationGetsOnlyTheReactiveEndpoints() {
        this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ReactiveNegotiateHandlerAdapter.class)
            .doesNotHaveBean(ServletNegotiateHandlerAdapter.class)
            .hasSingleBean(NegotiateUserIdResolver.class)
            .hasSingleBean(AuthorityClientPermissionsResolver.class));
    }

    @Test
    void servletApplicationGetsOnlyTheServletEndpoints() {
        new WebApplicationContextRunner().withConfiguration(BOTH_STACKS)
            .withConfiguration(
                    AutoConfigurations.of(DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .run((context) -> assertThat(context).hasSingleBean(ServletNegotiateHandlerAdapter.class)
                .doesNotHaveBean(ReactiveNegotiateHandlerAdapter.class));
    }

    @Test
    void disabledLeavesAnnotatedMethodsUnmapped() {
        this.contextRunner.withUserConfiguration(WebPubSubNegotiateAutoConfigurationTests.Chat.class)
            .withPropertyValues("webpubsub.enabled=false")
            .run((context) -> {
                assertThat(context).doesNotHaveBean(ReactiveNegotiateHandlerAdapter.class);
                assertThat(context.getBean(RequestMappingHandlerMapping.class).getHandlerMethods().values())
                    .noneMatch((method) -> method.getMethod().getName().equals("chat"));
            });
    }

    @Test
    void annotationWithoutReactiveSpringSecurityFailsStartup() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security.web.server"))
            .withUserConfiguration(WebPubSubNegotiateAutoConfigurationTests.Chat.class)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains(WebPubSubNegotiateAutoConfigurationTests.Chat.class.getName() + "#chat()")
                    .contains("in a WebFlux application, but Spring Security's reactive web support")
                    .contains("ReactiveSecurityContextHolder");
                assertThat(analysis.getAction()).contains("spring-boot-starter-security")
                    .contains("SecurityWebFilterChain");
            }));
    }

    @Test
    void withoutReactiveSpringSecurityAndWithoutTheAnnotationTheApplicationStarts() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(ReactiveNegotiateHandlerAdapter.class));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        this.contextRunner
            .withUserConfiguration(WebPubSubNegotiateAutoConfigurationTests.InvalidHub.class,
                    WebPubSubNegotiateAutoConfigurationTests.ZeroLifetime.class,
                    WebPubSubNegotiateAutoConfigurationTests.ReturnsValue.class)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("3 problems with @WebPubSubNegotiate methods:")
                    .contains(WebPubSubNegotiateAutoConfigurationTests.InvalidHub.class.getName()
                            + "#negotiate(), hub: 'hub' is invalid.")
                    .contains(WebPubSubNegotiateAutoConfigurationTests.ZeroLifetime.class.getName()
                            + "#negotiate(), lifetime:")
                    .contains(WebPubSubNegotiateAutoConfigurationTests.ReturnsValue.class.getName()
                            + "#negotiate(), return type:");
                assertThat(analysis.getAction()).startsWith("Fix each problem:");
            }));
    }

    @Test
    void methodWithoutAPathFailsStartup() {
        this.contextRunner.withUserConfiguration(WebPubSubNegotiateAutoConfigurationTests.NoPath.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription()).contains("It has no path.")));
    }

    @Test
    void unknownPlaceholderFailsStartup() {
        this.contextRunner.withUserConfiguration(WebPubSubNegotiateAutoConfigurationTests.UnknownPlaceholder.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription()).contains("'groups[0]' "
                    + "(\"room-{room}\") has the placeholder {room}, which is neither {userId} nor a variable of "
                    + "every mapped path (the path variables are id).")));
    }

    private static RequestMappingInfo mappingOf(AssertableReactiveWebApplicationContext context, String methodName) {
        Map<RequestMappingInfo, HandlerMethod> methods = context.getBean(RequestMappingHandlerMapping.class)
            .getHandlerMethods();
        return methods.entrySet()
            .stream()
            .filter((entry) -> entry.getValue().getMethod().getName().equals(methodName))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(() -> new AssertionError("No mapping for " + methodName + " in " + methods.keySet()));
    }

    private static HandlerMethod handlerOf(AssertableReactiveWebApplicationContext context, String methodName) {
        return context.getBean(RequestMappingHandlerMapping.class)
            .getHandlerMethods()
            .values()
            .stream()
            .filter((method) -> method.getMethod().getName().equals(methodName))
            .findFirst()
            .orElseThrow();
    }

    private static ContextConsumer<AssertableReactiveWebApplicationContext> failsWith(
            Consumer<FailureAnalysis> analysis) {
        return (context) -> {
            assertThat(context).hasFailed();
            FailureAnalyzer analyzer = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.of(Environment.class, null),
                        (factoryType, implementationName, failure) -> {
                        })
                .stream()
                .filter((candidate) -> candidate.getClass().getPackageName().startsWith("io.github.webpubsub"))
                .findFirst()
                .orElseThrow();
            FailureAnalysis failureAnalysis = analyzer.analyze(context.getStartupFailure());
            assertThat(failureAnalysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
            analysis.accept(failureAnalysis);
        };
    }

}
