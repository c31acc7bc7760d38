package io.github.webpubsub.sample.generator;

import java.time.Duration;
import java.util.List;

import io.github.webpubsub.spring.autoconfigure.WebPubSubProperties;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientProtocol;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.github.webpubsub.token.WebPubSubServiceException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API of the Client URL Generator page, for administrators (see the security
 * configuration): a Client Access URL for whatever user id, roles, groups, lifetime and
 * protocol the administrator asks, issued by the application's {@link ClientUrlFactory}
 * as every other URL is. A request the factory refuses is answered {@code 400} with a
 * problem detail that carries the factory's message, which says what is wrong and how to
 * fix it.
 */
@RestController
@RequestMapping("/generator/api")
class ClientUrlGeneratorController {

    private final ClientUrlFactory clientUrls;

    private final WebPubSubProperties properties;

    ClientUrlGeneratorController(ClientUrlFactory clientUrls, WebPubSubProperties properties) {
        this.clientUrls = clientUrls;
        this.properties = properties;
    }

    /**
     * Returns what a request that leaves a field empty gets, for the page to show.
     * @return the defaults
     */
    @GetMapping("/defaults")
    Defaults defaults() {
        return new Defaults(this.properties.getHub(), this.properties.getToken().getLifetime().toSeconds(),
                this.properties.getToken().getMaxLifetime().toSeconds());
    }

    /**
     * Issues a Client Access URL.
     * @param request what the URL's token grants
     * @return the URL and the parts a client needs
     */
    @PostMapping("/client-url")
    GeneratedUrl generate(@RequestBody GenerateRequest request) {
        ClientProtocol protocol = protocol(request.protocol());
        ClientAccess access = this.clientUrls.create((builder) -> {
            builder.protocol(protocol);
            if (hasText(request.hub())) {
                builder.hub(request.hub());
            }
            if (request.userId() != null && !request.userId().isEmpty()) {
                builder.userId(request.userId());
            }
            if (request.roles() != null) {
                builder.roles(request.roles());
            }
            if (request.groups() != null) {
                builder.groups(request.groups());
            }
            if (request.lifetime() != null) {
                builder.lifetime(request.lifetime());
            }
        });
        return new GeneratedUrl(access.urlText(), access.baseUrl().toString(), access.token(),
                access.expiresAt().toString(), access.hub(), access.protocol().clientType(),
                access.endpoint().toString(), access.path());
    }

    /**
     * A value of the request breaks a rule of the service; the message names it and the
     * rule, never a secret.
     */
    @ExceptionHandler(InvalidClientAccessRequestException.class)
    ProblemDetail invalidRequest(InvalidClientAccessRequestException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid client URL request");
        return problem;
    }

    /**
     * Key-less mode only: the service did not mint the token. Its message says what to
     * check, never a secret.
     */
    @ExceptionHandler(WebPubSubServiceException.class)
    ProblemDetail serviceFailed(WebPubSubServiceException ex) {
        HttpStatus status = (ex.reason() == WebPubSubServiceException.Reason.MALFORMED_RESPONSE)
                ? HttpStatus.BAD_GATEWAY : HttpStatus.SERVICE_UNAVAILABLE;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
        problem.setTitle("Web PubSub did not issue a client token");
        return problem;
    }

    private static ClientProtocol protocol(@Nullable String name) {
        return hasText(name) ? ClientProtocol.parse(name) : ClientProtocol.DEFAULT;
    }

    private static boolean hasText(@Nullable String value) {
        return value != null && !value.isEmpty();
    }

    /**
     * What the administrator asks for. Empty fields get the defaults: the default hub, an
     * anonymous client, no roles, no groups, the default lifetime, the default protocol.
     *
     * @param hub the hub, or empty for {@code webpubsub.hub}
     * @param userId the user id, or empty for an anonymous client
     * @param roles Web PubSub roles, such as {@code webpubsub.sendToGroup.lobby}
     * @param groups groups joined on connect
     * @param lifetime the token lifetime, in ISO-8601 ({@code PT60M}), or empty for
     * {@code webpubsub.token.lifetime}
     * @param protocol {@code default}, {@code mqtt} or {@code socketio}
     */
    record GenerateRequest(@Nullable String hub, @Nullable String userId, @Nullable List<String> roles,
            @Nullable List<String> groups, @Nullable Duration lifetime, @Nullable String protocol) {
    }

    /**
     * A generated URL. Socket.IO clients take {@code endpoint}, {@code path} and
     * {@code token} instead of the URL.
     *
     * @param url the Client Access URL
     * @param baseUrl the URL without the token
     * @param token the access token
     * @param expiresAt when the token expires, ISO-8601
     * @param hub the hub
     * @param protocol the client protocol
     * @param endpoint the service's origin
     * @param path the hub's path on the service
     */
    record GeneratedUrl(String url, String baseUrl, String token, String expiresAt, String hub, String protocol,
            String endpoint, String path) {
    }

    /**
     * What empty fields of a request get.
     *
     * @param hub the default hub, or {@code null} when there is none (then the hub must
     * be given)
     * @param lifetimeSeconds the default lifetime
     * @param maxLifetimeSeconds the longest lifetime a request may ask for
     */
    record Defaults(@Nullable String hub, long lifetimeSeconds, long maxLifetimeSeconds) {
    }

}
