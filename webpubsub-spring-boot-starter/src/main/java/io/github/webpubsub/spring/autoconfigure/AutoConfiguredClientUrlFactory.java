package io.github.webpubsub.spring.autoconfigure;

import java.util.List;
import java.util.Optional;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;

/**
 * The auto-configured {@link ClientUrlFactory}: passes every request through the
 * {@link ClientAccessRequestCustomizer}s, in order, before the core factory issues its token, and records the
 * outcome.
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
