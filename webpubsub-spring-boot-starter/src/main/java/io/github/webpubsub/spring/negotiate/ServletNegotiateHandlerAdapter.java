package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.InvalidClientAccessRequestException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncManager;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.HandlerMethodArgumentResolverComposite;
import org.springframework.web.method.support.InvocableHandlerMethod;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerAdapter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Runs the {@link NegotiateFlow} of each {@link WebPubSubNegotiate @WebPubSubNegotiate}
 * method that Spring MVC mapped, in place of Spring MVC's own adapter, which it precedes:
 * the caller's {@code Authentication} from Spring Security, the prefilled request, the
 * method invoked with it (its other arguments resolved as for any handler method), the
 * factory, the answer. Other handlers are left to Spring MVC.
 *
 * <p>
 * The handler stays the controller's method, so CORS configuration, interceptors,
 * {@code @ExceptionHandler} methods and advice apply as to any of its methods. When the
 * factory answers later (key-less mode, which calls the service), the container thread is
 * released: the request continues asynchronously, as for a {@code DeferredResult}, and
 * the answer is sent when the service has answered.
 */
final class ServletNegotiateHandlerAdapter implements HandlerAdapter, Ordered {

    private volatile Map<Method, NegotiateFlow> flows = Map.of();

    private HandlerMethodArgumentResolverComposite argumentResolvers = new HandlerMethodArgumentResolverComposite();

    private final DefaultParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

    private ServletNegotiateBinders binders = new ServletNegotiateBinders();

    private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
        .getContextHolderStrategy();

    void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
        this.securityContextHolderStrategy = securityContextHolderStrategy;
    }

    /**
     * Takes the mapped methods, and resolves their arguments with Spring MVC's resolvers
     * and data binding.
     * @param controllers the controllers that declare them, for their {@code @InitBinder}
     * methods
     */
    void initialize(Map<Method, NegotiateFlow> flows, Collection<Class<?>> controllers,
            RequestMappingHandlerAdapter springMvc, ApplicationContext context) {
        List<HandlerMethodArgumentResolver> resolvers = springMvc.getArgumentResolvers();
        HandlerMethodArgumentResolverComposite composite = new HandlerMethodArgumentResolverComposite();
        if (resolvers != null) {
            composite.addResolvers(resolvers);
        }
        this.argumentResolvers = composite;
        this.binders = new ServletNegotiateBinders(springMvc, context, controllers, this.parameterNameDiscoverer);
        this.flows = Map.copyOf(flows);
    }

    @Override
    public int getOrder() {
        // Ahead of Spring MVC's RequestMappingHandlerAdapter, which is last.
        return 0;
    }

    @Override
    public boolean supports(Object handler) {
        return handler instanceof HandlerMethod method && this.flows.containsKey(method.getMethod());
    }

    /**
     * Part of {@link HandlerAdapter} up to Spring Framework 6 (Spring Boot 3), abstract
     * there, and dropped in 7; without it the dispatcher fails on Boot 3 with
     * {@code AbstractMethodError}. Hence no {@code @Override}.
     * @param request the request
     * @param handler the negotiate method
     * @return {@code -1}: answers carry a token and are never cached, so they have no
     * last-modified time
     */
    public long getLastModified(HttpServletRequest request, Object handler) {
        return -1;
    }

    @Override
    public @Nullable ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        HandlerMethod method = (HandlerMethod) handler;
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // The answer, once the service has given it (key-less mode): the flow ran in
            // the first dispatch.
            send(response, asyncResult(WebAsyncUtils.getAsyncManager(request)));
            return null;
        }
        // supports(..) admitted only the methods that have a flow.
        NegotiateFlow flow = Objects.requireNonNull(this.flows.get(method.getMethod()));
        String path = request.getRequestURI();
        NegotiateFlow.Start start = flow.prefill(this.securityContextHolderStrategy.getContext().getAuthentication(),
                pathVariables(request), path);
        if (start.refusal() != null) {
            send(response, start.refusal());
            return null;
        }
        ClientAccessRequest.Builder prefilled = start.prefilled();
        try {
            invoke(method, request, response, prefilled);
        }
        catch (InvalidClientAccessRequestException ex) {
            send(response, NegotiateFlow.invalidRequest(ex, path));
            return null;
        }
        CompletableFuture<NegotiateAnswer> answer = flow.issue(prefilled, path);
        if (answer.isDone()) {
            send(response, NegotiateFlow.now(answer));
        }
        else {
            answerLater(request, response, WebAsyncUtils.getAsyncManager(request), answer);
        }
        return null;
    }

    /**
     * Invokes the method with the prefilled request as its
     * {@code ClientAccessRequest.Builder} argument.
     */
    private void invoke(HandlerMethod method, HttpServletRequest request, HttpServletResponse response,
            ClientAccessRequest.Builder prefilled) throws Exception {
        InvocableHandlerMethod invocable = new InvocableHandlerMethod(method);
        invocable.setHandlerMethodArgumentResolvers(this.argumentResolvers);
        invocable.setDataBinderFactory(this.binders.forCall(method));
        invocable.setParameterNameDiscoverer(this.parameterNameDiscoverer);
        invocable.invokeForRequest(new ServletWebRequest(request, response), new ModelAndViewContainer(), prefilled);
    }

    /**
     * Releases the container thread until the answer is there; Spring MVC then dispatches
     * the request again, and {@link #handle} sends the answer.
     */
    private static void answerLater(HttpServletRequest request, HttpServletResponse response,
            WebAsyncManager asyncManager, CompletableFuture<NegotiateAnswer> answer) throws Exception {
        DeferredResult<NegotiateAnswer> result = new DeferredResult<>();
        answer.whenComplete((done, failure) -> {
            if (failure != null) {
                result.setErrorResult((failure instanceof CompletionException && failure.getCause() != null)
                        ? failure.getCause() : failure);
            }
            else {
                result.setResult(done);
            }
        });
        asyncManager.setAsyncWebRequest(WebAsyncUtils.createAsyncWebRequest(request, response));
        asyncManager.startDeferredResultProcessing(result);
    }

    private static NegotiateAnswer asyncResult(WebAsyncManager asyncManager) throws Exception {
        Object result = asyncManager.getConcurrentResult();
        asyncManager.clearConcurrentResult();
        if (result instanceof NegotiateAnswer answer) {
            return answer;
        }
        if (result instanceof Exception ex) {
            throw ex;
        }
        if (result instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("Unexpected asynchronous result of a negotiate endpoint: " + result);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> pathVariables(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return (variables instanceof Map<?, ?> map) ? (Map<String, String>) map : Map.of();
    }

    /**
     * Sends an answer whole, with its length, without flushing it: the container then
     * sends it in one write when the request completes. A flush here would commit the
     * response early, in chunked encoding.
     */
    static void send(HttpServletResponse response, NegotiateAnswer answer) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, NegotiateAnswer.CACHE_CONTROL);
        response.setHeader(HttpHeaders.PRAGMA, NegotiateAnswer.PRAGMA);
        response.setStatus(answer.status().value());
        response.setContentType(answer.contentType().toString());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

}
