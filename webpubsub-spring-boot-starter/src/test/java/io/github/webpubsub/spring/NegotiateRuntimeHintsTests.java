package io.github.webpubsub.spring;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.github.webpubsub.spring.negotiate.WebPubSubNegotiate;
import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientAccessRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.aot.agent.RecordedInvocation;
import org.springframework.aot.agent.RecordedInvocationsListener;
import org.springframework.aot.agent.RecordedInvocationsPublisher;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.test.agent.EnabledIfRuntimeHintsAgent;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationHook;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a native image of an application with negotiate endpoints needs, proven on the JVM
 * with Spring's RuntimeHints agent (spring-core-test), in the surefire execution that
 * loads it. The application, on Spring MVC or WebFlux, is processed ahead of time as
 * {@code process-aot} does it; then it starts and serves negotiate requests while the
 * agent records every reflective call, resource look-up and proxy. Each one the starter
 * is answerable for must be covered by the hints that the processing registered: those
 * made by the starter's and the core's code and by the libraries they call (jjwt, and
 * Jackson under jjwt-jackson), and the invocation of the annotated methods. Spring's own
 * calls are Spring's to cover.
 */
@EnabledIfRuntimeHintsAgent
class NegotiateRuntimeHintsTests {

    private static final ScriptedWebPubSubService SERVICE = ScriptedWebPubSubService.start();

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @AfterAll
    static void stopService() {
        SERVICE.close();
    }

    private static final String KEY_MODE = "--webpubsub.connection-string=Endpoint=https://contoso.webpubsub.azure.com;"
            + "AccessKey=LMUHyXTmEmGQCOHY8OwZn0yadpYcZ+4gmniPYXN0JXY=;Version=1.0;";

    private static final String SPRING_MVC = "--spring.main.web-application-type=servlet";

    private static final String WEBFLUX = "--spring.main.web-application-type=reactive";

    // jjwt and Jackson initialize once per JVM (on the first token signed, the first
    // answer read): whichever test
    // does that first records it, and every test asserts what it recorded. Alone with
    // each other in their JVM.
    @Test
    void keyModeOnSpringMvcNeedsNoReflectionBeyondItsHints() {
        assertCoveredByHints(KEY_MODE, SPRING_MVC);
    }

    @Test
    void keylessModeOnSpringMvcNeedsNoReflectionBeyondItsHints() {
        assertCoveredByHints("--webpubsub.endpoint=" + SERVICE.uri(), SPRING_MVC);
    }

    @Test
    void keyModeOnWebFluxNeedsNoReflectionBeyondItsHints() {
        assertCoveredByHints(KEY_MODE, WEBFLUX);
    }

    @Test
    void keylessModeOnWebFluxNeedsNoReflectionBeyondItsHints() {
        assertCoveredByHints("--webpubsub.endpoint=" + SERVICE.uri(), WEBFLUX);
    }

    private static void assertCoveredByHints(String resource, String webStack) {
        String[] args = { resource, webStack, "--webpubsub.hub=chat", "--server.port=0",
                "--spring.security.user.name=alice", "--spring.security.user.password=alice-password" };
        RuntimeHints hints = aheadOfTimeHints(args);
        List<RecordedInvocation> recorded = new CopyOnWriteArrayList<>();
        // A listener rather than RuntimeHintsRecorder, whose matcher fails on some of
        // Spring's own calls (on classes
        // without a canonical name); no reflection in here, which the agent would record
        // again.
        RecordedInvocationsListener listener = (invocation) -> {
            if (isStartersConcern(invocation)) {
                recorded.add(invocation);
            }
        };
        RecordedInvocationsPublisher.addListener(listener);
        try (ConfigurableApplicationContext context = SpringApplication.run(HintedApplication.class, args)) {
            URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
            assertThat(negotiate(base.resolve("/negotiate"))).contains("\"token\":\"");
            assertThat(negotiate(base.resolve("/rooms/blue/negotiate"))).contains("\"token\":\"");
        }
        finally {
            RecordedInvocationsPublisher.removeListener(listener);
        }
        assertThat(recorded).as("the annotated methods' invocations were recorded")
            .filteredOn(NegotiateRuntimeHintsTests::invokesNegotiateMethod)
            .hasSize(2);
        List<RecordedInvocation> uncovered = recorded.stream()
            .filter((invocation) -> !invocation.matches(hints))
            .toList();
        assertThat(uncovered).as(() -> "Calls that no runtime hint covers:\n" + describe(uncovered)).isEmpty();
    }

    /**
     * Tells whether the starter answers for a call: made by its code, the core's, or a
     * library they call (jjwt; and Jackson when jjwt-jackson drives it), or the
     * invocation of a negotiate method.
     */
    private static boolean isStartersConcern(RecordedInvocation invocation) {
        String caller = invocation.getStackFrames().findFirst().map(StackWalker.StackFrame::getClassName).orElse("");
        if ((caller.startsWith("io.github.webpubsub.spring.") || caller.startsWith("io.github.webpubsub.token."))
                && !caller.startsWith(NegotiateRuntimeHintsTests.class.getName())) {
            return true;
        }
        if (caller.startsWith("io.jsonwebtoken.")) {
            return true;
        }
        if (caller.startsWith("com.fasterxml.jackson.") && invocation.getStackFrames()
            .anyMatch((frame) -> frame.getClassName().startsWith("io.jsonwebtoken.jackson."))) {
            return true;
        }
        return invokesNegotiateMethod(invocation);
    }

    private static boolean invokesNegotiateMethod(RecordedInvocation invocation) {
        return !invocation.isStatic() && invocation.getInstance() instanceof Method method
                && method.isAnnotationPresent(WebPubSubNegotiate.class);
    }

    private static String describe(List<RecordedInvocation> invocations) {
        return invocations.stream()
            .map((invocation) -> invocation + "\n    at "
                    + invocation.getStackFrames()
                        .limit(8)
                        .map((frame) -> frame.getClassName() + "#" + frame.getMethodName())
                        .collect(Collectors.joining("\n    at ")))
            .collect(Collectors.joining("\n"));
    }

    /**
     * Returns the runtime hints that {@code process-aot} registers for the application:
     * its context, loaded and refreshed for AOT processing, run through the same
     * generator.
     */
    private static RuntimeHints aheadOfTimeHints(String... args) {
        SpringApplicationHook abandonOnceLoaded = (application) -> new SpringApplicationRunListener() {
            @Override
            public void contextLoaded(ConfigurableApplicationContext context) {
                throw new SpringApplication.AbandonedRunException(context);
            }
        };
        GenericApplicationContext context;
        try {
            SpringApplication.withHook(abandonOnceLoaded, () -> SpringApplication.run(HintedApplication.class, args));
            throw new IllegalStateException("The application was not abandoned once loaded");
        }
        catch (SpringApplication.AbandonedRunException ex) {
            context = (GenericApplicationContext) ex.getApplicationContext();
        }
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(HintedApplication.class)), new InMemoryGeneratedFiles());
        new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        return generation.getRuntimeHints();
    }

    private static String negotiate(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
            .header("Authorization",
                    "Basic " + Base64.getEncoder()
                        .encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(30))
            .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.body();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * An application as users write one: Boot's default security (HTTP Basic for these
     * calls), a controller with negotiate endpoints, and an Entra ID identity for
     * key-less mode.
     */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(HintedApplication.Negotiation.class)
    static class HintedApplication {

        @Bean
        BearerTokenProvider bearerTokenProvider() {
            return (scope) -> new BearerToken("entra-id-access-token", Instant.now().plusSeconds(3600));
        }

        @RestController
        static class Negotiation {

            @WebPubSubNegotiate(path = "/negotiate", groups = "lobby")
            void lobby() {
            }

            @WebPubSubNegotiate(path = "/rooms/{room}/negotiate", roles = "webpubsub.sendToGroup.room-{room}")
            void room(@PathVariable String room, ClientAccessRequest.Builder request) {
                request.groups("room-" + room);
            }

        }

    }

}
