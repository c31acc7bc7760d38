package io.github.webpubsub.spring.autoconfigure;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import org.jspecify.annotations.Nullable;

/**
 * The auto-configured {@link ClientUrlFactory}: passes every request through the
 * {@link ClientAccessRequestCustomizer}s, in order, before the core factory issues its
 * token, and records the outcome.
 */
final class AutoConfiguredClientUrlFactory implements ClientUrlFactory {

    private final ClientUrlFactory delegate;

    private final List<ClientAccessRequestCustomizer> requestCustomizers;

    private final ClientAccessMetrics metrics;

    AutoConfiguredClientUrlFactory(ClientUrlFactory delegate, List<ClientAccessRequestCustomizer> requestCustomizers,
            ClientAccessMetrics metrics) {
        this.delegate = delegate;
        this.requestCustomizers = List.copyOf(requestCustomizers);
        this.metrics = metrics;
    }

    @Override
    public ClientAccess create(ClientAccessRequest request) {
        ClientAccessRequest customized = request;
        try {
            customized = customize(request);
            ClientAccess access = this.delegate.create(customized);
            this.metrics.issued(access);
            return access;
        }
        catch (RuntimeException ex) {
            this.metrics.failed(customized);
            throw ex;
        }
    }

    @Override
    public Optional<String> defaultHub() {
        return this.delegate.defaultHub();
    }

    /**
     * Issues without blocking, as the delegate does, with the same customizers and
     * metrics as {@link #create}. A future that is done on return (key mode) is recorded
     * and returned as it is, without a callback.
     */
    @Override
    public CompletableFuture<ClientAccess> createAsync(ClientAccessRequest request) {
        ClientAccessRequest customized;
        try {
            customized = customize(request);
        }
        catch (RuntimeException ex) {
            this.metrics.failed(request);
            return CompletableFuture.failedFuture(ex);
        }
        CompletableFuture<ClientAccess> access = this.delegate.createAsync(customized);
        if (access.isDone()) {
            record(access.isCompletedExceptionally() ? null : access.join(), customized);
            return access;
        }
        CompletableFuture<ClientAccess> recorded = new CompletableFuture<>();
        access.whenComplete((issued, failure) -> {
            record((failure == null) ? issued : null, customized);
            if (failure == null) {
                recorded.complete(issued);
            }
            else {
                // The delegate's exception as it is, as the contract of createAsync asks.
                recorded.completeExceptionally((failure instanceof CompletionException && failure.getCause() != null)
                        ? failure.getCause() : failure);
            }
        });
        return recorded;
    }

    private void record(@Nullable ClientAccess issued, ClientAccessRequest request) {
        if (issued != null) {
            this.metrics.issued(issued);
        }
        else {
            this.metrics.failed(request);
        }
    }

    private ClientAccessRequest customize(ClientAccessRequest request) {
        if (request == null || this.requestCustomizers.isEmpty()) {
            // A null request is the core factory's to refuse, with its own message.
            return request;
        }
        ClientAccessRequest.Builder builder = request.toBuilder();
        for (ClientAccessRequestCustomizer customizer : this.requestCustomizers) {
            customizer.customize(builder);
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "AutoConfiguredClientUrlFactory[" + this.delegate + ", requestCustomizers="
                + this.requestCustomizers.size() + "]";
    }

}
