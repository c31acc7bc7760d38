package io.github.webpubsub.spring.negotiate;

import java.util.Map;
import java.util.function.Consumer;

import io.github.webpubsub.spring.autoconfigure.ClientUrlFactoryBuilderCustomizer;
import io.github.webpubsub.spring.autoconfigure.WebPubSubAutoConfiguration;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.CONNECTION_STRING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebPubSubNegotiateAutoConfiguration}: when it applies, what it
 * registers, and the startup failures for endpoints that cannot work.
 */
class WebPubSubNegotiateAutoConfigurationTests {

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(WebPubSubAutoConfiguration.class, WebPubSubNegotiateAutoConfiguration.class,
                        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
                        HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat");

    @Test
    void defaultResolversBackOffForTheApplicationsOwn() {
        this.contextRunner.run((context) -> {
            assertThat(context).hasSingleBean(NegotiateUserIdResolver.class)
                .hasSingleBean(AuthorityClientPermissionsResolver.class);
        });
        this.contextRunner.withUserConfiguration(OwnResolvers.class).run((context) -> {
            assertThat(context).hasSingleBean(NegotiateUserIdResolver.class)
                .hasSingleBean(ClientPermissionsResolver.class)
                .doesNotHaveBean(AuthorityClientPermissionsResolver.class);
            assertThat(context.getBean(NegotiateUserIdResolver.class)).isSameAs(OwnResolvers.USER_ID);
        });
    }

    @Test
    void annotatedMethodIsMappedForGetAndPostProducingJson() {
        this.contextRunner.withUserConfiguration(Chat.class).run((context) -> {
            RequestMappingInfo info = mappingOf(context, "chat");
            assertThat(info.getPatternValues()).containsExactly("/negotiate");
            assertThat(info.getMethodsCondition().getMethods()).containsExactlyInAnyOrder(RequestMethod.GET,
                    RequestMethod.POST);
            assertThat(info.getProducesCondition().getProducibleMediaTypes())
                .containsExactly(MediaType.APPLICATION_JSON);
        });
    }

    @Test
    void negotiateAdapterHandlesTheAnnotatedMethodAheadOfSpringMvcsOwn() {
        this.contextRunner.withUserConfiguration(Chat.class).run((context) -> {
            ServletNegotiateHandlerAdapter adapter = context.getBean(ServletNegotiateHandlerAdapter.class);
            assertThat(adapter.supports(handlerOf(context, "chat"))).isTrue();
            assertThat(adapter.supports(handlerOf(context, "other"))).isFalse();
            assertThat(adapter.getOrder()).isLessThan(context.getBean(RequestMappingHandlerAdapter.class).getOrder());
        });
    }

    @Test
    void springMvcsOwnHandlersAreLeftAlone() {
        this.contextRunner.withUserConfiguration(Chat.class).run((context) -> {
            RequestMappingHandlerAdapter springMvc = context.getBean(RequestMappingHandlerAdapter.class);
            assertThat(springMvc.getReturnValueHandlers())
                .allMatch((handler) -> handler.getClass().getName().startsWith("org.springframework."));
        });
    }

    @Test
    void pathPrefixesAndPlaceholdersInPathsApplyAsToControllers() {
        this.contextRunner.withUserConfiguration(PrefixedChat.class)
            .withPropertyValues("chat.path=/chat/negotiate")
            .run((context) -> assertThat(mappingOf(context, "negotiate").getPatternValues())
                .containsExactly("/api/chat/negotiate"));
    }

    @Test
    void disabledLeavesAnnotatedMethodsUnmapped() {
        this.contextRunner.withUserConfiguration(Chat.class)
            .withPropertyValues("webpubsub.enabled=false")
            .run((context) -> {
                assertThat(context).doesNotHaveBean(ServletNegotiateHandlerAdapter.class)
                    .doesNotHaveBean(ClientUrlFactory.class);
                assertThat(context.getBean(RequestMappingHandlerMapping.class).getHandlerMethods().values())
                    .noneMatch((method) -> method.getMethod().getName().equals("chat"));
            });
    }

    @Test
    void withoutAClientUrlFactoryTheEndpointsAreNotConfigured() {
        new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebPubSubNegotiateAutoConfiguration.class))
            .withUserConfiguration(Chat.class)
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ServletNegotiateHandlerAdapter.class));
    }

    @Test
    void nonWebApplicationGetsOnlyTheFactory() {
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(WebPubSubAutoConfiguration.class, WebPubSubNegotiateAutoConfiguration.class))
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .withUserConfiguration(Chat.class)
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(ClientUrlFactory.class)
                .doesNotHaveBean(ServletNegotiateHandlerAdapter.class)
                .doesNotHaveBean(NegotiateUserIdResolver.class));
    }

    @Test
    void nonWebApplicationWithoutSpringMvcOrSpringSecurityStarts() {
        new ApplicationContextRunner()
            .withClassLoader(new FilteredClassLoader("org.springframework.web", "org.springframework.security",
                    "jakarta.servlet"))
            .withConfiguration(
                    AutoConfigurations.of(WebPubSubAutoConfiguration.class, WebPubSubNegotiateAutoConfiguration.class))
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(ServletNegotiateHandlerAdapter.class);
                assertThat(context.getBean(ClientUrlFactory.class).create(ClientAccessRequest.builder().build()))
                    .isNotNull();
            });
    }

    @Test
    void annotationWithoutSpringSecurityFailsStartup() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
            .withUserConfiguration(Chat.class)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains(Chat.class.getName() + "#chat()")
                    .contains("Spring Security's web support (spring-security-web) is not on the class path")
                    .contains("it must know who asks");
                assertThat(analysis.getAction()).contains("spring-boot-starter-security");
            }));
    }

    @Test
    void withoutSpringSecurityAndWithoutTheAnnotationTheApplicationStarts() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ServletNegotiateHandlerAdapter.class));
    }

    @Test
    void invalidHubFailsStartup() {
        this.contextRunner.withUserConfiguration(InvalidHub.class).run(failsWith((analysis) -> {
            assertThat(analysis.getDescription()).contains(InvalidHub.class.getName() + "#negotiate()")
                .contains("'hub' is invalid. Hub name 'chat-room' has an invalid character at index 4.");
            assertThat(analysis.getAction()).contains("Set hub to a hub name");
        }));
    }

    @Test
    void unparsableLifetimeFailsStartup() {
        this.contextRunner.withUserConfiguration(UnparsableLifetime.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'lifetime' (\"15 minutes\") is not a duration.")));
    }

    @Test
    void zeroLifetimeFailsStartup() {
        this.contextRunner.withUserConfiguration(ZeroLifetime.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'lifetime' (\"0s\") is not positive.")));
    }

    @Test
    void lifetimeAboveTheMaximumFailsStartup() {
        this.contextRunner.withUserConfiguration(LongLifetime.class)
            .withPropertyValues("webpubsub.token.max-lifetime=2h")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("'lifetime' (\"3h\") exceeds 'webpubsub.token.max-lifetime' (PT2H)");
                assertThat(analysis.getAction()).contains("raise 'webpubsub.token.max-lifetime'");
            }));
    }

    @Test
    void invalidRoleFailsStartup() {
        this.contextRunner.withUserConfiguration(InvalidRole.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'roles[0]' is invalid. 'webpubsub.sendtogroup.lobby' is not a Web PubSub role")));
    }

    @Test
    void placeholderInTheRoleNameFailsStartup() {
        this.contextRunner.withUserConfiguration(PlaceholderInRoleName.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("Role 'webpubsub.sendToGroup{kind}.x' has a placeholder outside its group part.")));
    }

    @Test
    void invalidGroupFailsStartup() {
        this.contextRunner.withUserConfiguration(InvalidGroup.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'groups[1]' is invalid. Group name is blank.")));
    }

    @Test
    void unknownPlaceholderFailsStartup() {
        this.contextRunner.withUserConfiguration(UnknownPlaceholder.class).run(failsWith((analysis) -> {
            assertThat(analysis.getDescription()).contains("'groups[0]' (\"room-{room}\") has the placeholder "
                    + "{room}, which is neither {userId} nor a variable of every mapped path (the path variables "
                    + "are id).");
            assertThat(analysis.getAction()).contains("Use {userId} or a path variable of the mapped path");
        }));
    }

    @Test
    void pathVariableNamedUserIdNextToTheUserIdPlaceholderFailsStartup() {
        this.contextRunner.withUserConfiguration(UserIdPathVariable.class)
            .run(failsWith((analysis) -> assertThat(analysis.getAction()).contains("Rename the path variable")));
    }

    @Test
    void methodThatReturnsSomethingFailsStartup() {
        this.contextRunner.withUserConfiguration(ReturnsValue.class).run(failsWith((analysis) -> {
            assertThat(analysis.getDescription()).contains("It returns java.util.Map<java.lang.String, "
                    + "java.lang.String>, but the endpoint writes the answer itself.");
            assertThat(analysis.getAction()).contains("Declare the method void");
        }));
    }

    @Test
    void methodWithTwoRequestBuildersFailsStartup() {
        this.contextRunner.withUserConfiguration(TwoBuilders.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("It has 2 ClientAccessRequest.Builder parameters")));
    }

    @Test
    void methodWithoutAPathFailsStartup() {
        this.contextRunner.withUserConfiguration(NoPath.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription()).contains("It has no path.")));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        this.contextRunner.withUserConfiguration(InvalidHub.class, ZeroLifetime.class, ReturnsValue.class)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("3 problems with @WebPubSubNegotiate methods:")
                    .contains(InvalidHub.class.getName() + "#negotiate(), hub: 'hub' is invalid.")
                    .contains(ZeroLifetime.class.getName() + "#negotiate(), lifetime:")
                    .contains(ReturnsValue.class.getName() + "#negotiate(), return type:");
                assertThat(analysis.getAction()).startsWith("Fix each problem:");
            }));
    }

    @Test
    void endpointWithoutHubFailsStartupWhenThereIsNoDefaultHub() {
        this.contextRunner.withUserConfiguration(Chat.class)
            .withPropertyValues("webpubsub.hub=")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).isEqualTo("A Web PubSub negotiate endpoint cannot work. "
                        + "@WebPubSubNegotiate method " + Chat.class.getName() + "#chat() is invalid: Its 'hub' "
                        + "attribute is empty and 'webpubsub.hub' is not set, so no request would name a hub and every "
                        + "caller would be refused.");
                assertThat(analysis.getAction()).isEqualTo("Set hub, such as @WebPubSubNegotiate(path = "
                        + "\"/negotiate\", hub = \"chat\"), or set 'webpubsub.hub' to the hub of the endpoints that "
                        + "name none, or take a ClientAccessRequest.Builder parameter and set its hub.");
            }));
    }

    @Test
    void endpointWithoutHubStartsWhenItsRequestBuilderMayNameOne() {
        this.contextRunner.withUserConfiguration(HubFromPath.class)
            .withPropertyValues("webpubsub.hub=")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void endpointWithoutHubStartsWhenTheFactoryHasADefaultHubOfItsOwn() {
        this.contextRunner.withUserConfiguration(Chat.class)
            .withPropertyValues("webpubsub.hub=")
            .withBean(ClientUrlFactoryBuilderCustomizer.class, () -> (builder) -> builder.hub("lobby"))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(ClientUrlFactory.class).defaultHub()).contains("lobby");
            });
    }

    @Test
    void hubsOfAnnotatedMethodsAreCountedByNameAndOthersAsOther() {
        this.contextRunner.withUserConfiguration(NewsNegotiation.class)
            .withBean(SimpleMeterRegistry.class)
            .run((context) -> {
                ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
                factory.create((request) -> request.hub("news"));
                factory.create((request) -> request.hub("chat"));
                factory.create((request) -> request.hub("made_up_by_a_caller"));
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.find("webpubsub.client.tokens").counters())
                    .extracting((counter) -> counter.getId().getTag("hub"))
                    .containsExactlyInAnyOrder("news", "chat", "other");
            });
    }

    @Test
    void invalidAuthorityRoleFailsStartupNamingTheProperty() {
        this.contextRunner
            .withPropertyValues("webpubsub.negotiate.authority-roles[ROLE_USER][0]=webpubsub.sendToGroup.lobby",
                    "webpubsub.negotiate.authority-roles[ROLE_USER][1]=webpubsub.sendtogroup.lobby")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("'webpubsub.negotiate.authority-roles[ROLE_USER][1]' is invalid.")
                    .contains("'webpubsub.sendtogroup.lobby' is not a Web PubSub role");
                assertThat(analysis.getAction()).contains("only placeholder is {userId}");
            }));
    }

    @Test
    void pathVariablePlaceholderInAnAuthorityGroupFailsStartup() {
        this.contextRunner.withPropertyValues("webpubsub.negotiate.authority-groups[ROLE_USER][0]=room-{room}")
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.negotiate.authority-groups[ROLE_USER][0]' is invalid.")
                .contains("has the placeholder {room}; only {userId} is known here")));
    }

    private static HandlerMethod handlerOf(AssertableWebApplicationContext context, String methodName) {
        return context.getBean(RequestMappingHandlerMapping.class)
            .getHandlerMethods()
            .values()
            .stream()
            .filter((method) -> method.getMethod().getName().equals(methodName))
            .findFirst()
            .orElseThrow();
    }

    private static RequestMappingInfo mappingOf(AssertableWebApplicationContext context, String methodName) {
        Map<RequestMappingInfo, HandlerMethod> methods = context.getBean(RequestMappingHandlerMapping.class)
            .getHandlerMethods();
        return methods.entrySet()
            .stream()
            .filter((entry) -> entry.getValue().getMethod().getName().equals(methodName))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(() -> new AssertionError("No mapping for " + methodName + " in " + methods.keySet()));
    }

    /**
     * The starter's failure analyzer, as Spring Boot finds it in
     * {@code META-INF/spring.factories}; without an environment, so reports leave out
     * where properties are set.
     */
    private static FailureAnalyzer starterFailureAnalyzer() {
        ArgumentResolver noEnvironment = ArgumentResolver.of(Environment.class, null);
        // Boot's own analyzers need beans this test does not give; only the starter's is
        // wanted.
        FailureHandler skipOthers = (factoryType, implementationName, failure) -> {
        };
        return SpringFactoriesLoader.forDefaultResourceLocation()
            .load(FailureAnalyzer.class, noEnvironment, skipOthers)
            .stream()
            .filter((analyzer) -> analyzer.getClass().getPackageName().startsWith("io.github.webpubsub"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("The starter registers no FailureAnalyzer"));
    }

    private static ContextConsumer<AssertableWebApplicationContext> failsWith(Consumer<FailureAnalysis> analysis) {
        return (context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis failureAnalysis = starterFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(failureAnalysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
            analysis.accept(failureAnalysis);
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnResolvers {

        static final NegotiateUserIdResolver USER_ID = (authentication) -> "user-" + authentication.getName();

        @Bean
        NegotiateUserIdResolver userIdResolver() {
            return USER_ID;
        }

        @Bean
        ClientPermissionsResolver permissionsResolver() {
            return (authentication, userId) -> ClientPermissions.NONE;
        }

    }

    @RestController
    static class Chat {

        @WebPubSubNegotiate("/negotiate")
        void chat() {
        }

        @GetMapping("/other")
        String other() {
            return "other";
        }

    }

    @RestController
    static class PrefixedChat implements WebMvcConfigurer {

        @WebPubSubNegotiate("${chat.path}")
        void negotiate() {
        }

        @Override
        public void configurePathMatch(PathMatchConfigurer configurer) {
            configurer.addPathPrefix("/api", HandlerTypePredicate.forAnnotation(RestController.class));
        }

    }

    @RestController
    static class InvalidHub {

        @WebPubSubNegotiate(path = "/negotiate", hub = "chat-room")
        void negotiate() {
        }

    }

    @RestController
    static class UnparsableLifetime {

        @WebPubSubNegotiate(path = "/negotiate", lifetime = "15 minutes")
        void negotiate() {
        }

    }

    @RestController
    static class ZeroLifetime {

        @WebPubSubNegotiate(path = "/zero/negotiate", lifetime = "0s")
        void negotiate() {
        }

    }

    @RestController
    static class LongLifetime {

        @WebPubSubNegotiate(path = "/negotiate", lifetime = "3h")
        void negotiate() {
        }

    }

    @RestController
    static class InvalidRole {

        @WebPubSubNegotiate(path = "/negotiate", roles = "webpubsub.sendtogroup.lobby")
        void negotiate() {
        }

    }

    @RestController
    static class PlaceholderInRoleName {

        @WebPubSubNegotiate(path = "/{kind}/negotiate", roles = "webpubsub.sendToGroup{kind}.x")
        void negotiate() {
        }

    }

    @RestController
    static class InvalidGroup {

        @WebPubSubNegotiate(path = "/negotiate", groups = { "lobby", " " })
        void negotiate() {
        }

    }

    @RestController
    static class UnknownPlaceholder {

        @WebPubSubNegotiate(path = "/rooms/{id}/negotiate", groups = "room-{room}")
        void negotiate() {
        }

    }

    @RestController
    static class UserIdPathVariable {

        @WebPubSubNegotiate(path = "/users/{userId}/negotiate", groups = "user-{userId}")
        void negotiate() {
        }

    }

    @RestController
    static class ReturnsValue {

        @WebPubSubNegotiate(path = "/value/negotiate")
        Map<String, String> negotiate() {
            return Map.of();
        }

    }

    @RestController
    static class TwoBuilders {

        @WebPubSubNegotiate(path = "/negotiate")
        void negotiate(ClientAccessRequest.Builder first, ClientAccessRequest.Builder second) {
        }

    }

    @RestController
    static class HubFromPath {

        @WebPubSubNegotiate("/hubs/{hub}/negotiate")
        void negotiate(@PathVariable String hub, ClientAccessRequest.Builder request) {
            request.hub(hub);
        }

    }

    @RestController
    static class NewsNegotiation {

        @WebPubSubNegotiate(path = "/news/negotiate", hub = "news")
        void negotiate() {
        }

    }

    @RestController
    static class NoPath {

        @WebPubSubNegotiate(hub = "chat")
        void negotiate() {
        }

    }

}
