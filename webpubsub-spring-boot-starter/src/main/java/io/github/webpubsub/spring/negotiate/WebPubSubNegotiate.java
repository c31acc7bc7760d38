package io.github.webpubsub.spring.negotiate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.webpubsub.token.ClientProtocol;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Turns a method of a Spring MVC or WebFlux controller into a negotiate endpoint: a
 * {@code GET} and {@code POST} mapping that answers the authenticated caller with a
 * Client Access URL for a hub, as JSON.
 *
 * <pre class="code">
 * &#64;RestController
 * class ChatNegotiation {
 *
 *     &#64;WebPubSubNegotiate(path = "/negotiate", hub = "chat", groups = "lobby")
 *     void chat() {
 *     }
 *
 *     &#64;WebPubSubNegotiate(path = "/rooms/{room}/negotiate", hub = "chat",
 *             roles = "webpubsub.sendToGroup.room-{room}", lifetime = "15m")
 *     void room(&#64;PathVariable String room, ClientAccessRequest.Builder request) {
 *         request.groups("room-" + room);   // optional: customise the prefilled request
 *     }
 *
 * }
 * </pre>
 *
 * <p>
 * Before the method runs, the caller's Spring Security {@code Authentication} (in a
 * WebFlux application, from the {@code ReactiveSecurityContextHolder}) is checked: an
 * anonymous caller is refused with 401 unless {@link #allowAnonymous()}. The request is
 * then prefilled with the user id (from {@link NegotiateUserIdResolver}), the roles and
 * groups that the caller's authorities map to (from {@link ClientPermissionsResolver}, by
 * default {@code webpubsub.negotiate.authority-roles} and {@code authority-groups}), and
 * this annotation's attributes. The method must return {@code void}; it may be empty, or
 * take any argument a handler method can, including the prefilled
 * {@code ClientAccessRequest.Builder} to customise it, and may throw to refuse (for
 * example {@code AccessDeniedException}). The response is
 * {@code {"baseUrl","url","token","expiresAt"}} (for {@link ClientProtocol#SOCKETIO
 * Socket.IO} {@code {"endpoint","path","token","expiresAt"}}), with
 * {@code Cache-Control: no-store}.
 *
 * <p>
 * The mapping is registered with the web stack's own handler mapping, so a class-level
 * {@code @RequestMapping}, {@code @CrossOrigin}, interceptors or web filters,
 * {@code @ExceptionHandler} methods and the application's Spring Security rules
 * (authorisation, CSRF) apply as to any controller. It is not a {@code @RequestMapping}
 * itself: without the auto-configuration (with {@code webpubsub.enabled=false}) the path
 * is simply not mapped. In key-less mode, where the service issues each token, no request
 * thread waits for the service: Spring MVC continues the request asynchronously, and
 * WebFlux writes the answer when the service's arrives.
 *
 * <p>
 * May be used as a meta-annotation, to compose an endpoint annotation of your own:
 *
 * <pre class="code">
 * &#64;Target(ElementType.METHOD)
 * &#64;Retention(RetentionPolicy.RUNTIME)
 * &#64;WebPubSubNegotiate(hub = "chat", groups = "lobby", lifetime = "15m")
 * &#64;interface ChatNegotiate {
 *
 *     &#64;AliasFor(annotation = WebPubSubNegotiate.class)
 *     String[] path();
 *
 * }
 * </pre>
 *
 * <p>
 * Ready for ahead-of-time processing and native images: as {@code @RequestMapping} does,
 * the annotation registers the methods it marks for reflective invocation, and the types
 * of their {@code @RequestBody} parameters for binding.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(NegotiateReflectiveProcessor.class)
public @interface WebPubSubNegotiate {

    /**
     * Alias for {@link #path()}.
     * @return the paths
     */
    @AliasFor("path")
    String[] value() default {};

    /**
     * The paths of the endpoint, combined with a class-level {@code @RequestMapping} path
     * as for any handler method. Path variables may be used as placeholders in
     * {@link #roles()} and {@link #groups()}.
     * @return the paths, such as {@code "/negotiate"} or
     * {@code "/rooms/{room}/negotiate"}
     */
    @AliasFor("value")
    String[] path() default {};

    /**
     * The hub the URL connects to.
     * @return a hub name: a letter, then up to 127 letters, digits or underscores; empty
     * for {@code webpubsub.hub}
     */
    String hub() default "";

    /**
     * Roles to grant, added to those mapped from the caller's authorities. Each is a role
     * the service defines, and may hold placeholders in its group or pattern part:
     * {@code {userId}} and the path's variables. In pattern roles
     * ({@code webpubsub.joinLeaveGroups.}, {@code webpubsub.sendToGroups.}) the values
     * are escaped, so they match literally.
     * @return roles such as {@code "webpubsub.sendToGroup.room-{room}"}
     */
    String[] roles() default {};

    /**
     * Groups the client joins when it connects, added to those mapped from the caller's
     * authorities. Each may hold the placeholders {@code {userId}} and the path's
     * variables.
     * @return groups such as {@code "lobby"} or {@code "user-{userId}"}
     */
    String[] groups() default {};

    /**
     * The token lifetime, in Spring Boot's duration syntax (seconds if no unit is given).
     * Checked at startup against {@code webpubsub.token.max-lifetime}.
     * @return a duration such as {@code "15m"}; empty for
     * {@code webpubsub.token.lifetime}
     */
    String lifetime() default "";

    /**
     * The client protocol, which selects the URL's path and, for Socket.IO, the
     * response's shape.
     * @return the protocol
     */
    ClientProtocol protocol() default ClientProtocol.DEFAULT;

    /**
     * Whether callers who are not authenticated (no authentication, or Spring Security's
     * anonymous one) get a URL, without a user id. Roles and groups that use
     * {@code {userId}} are left out for them.
     * @return {@code true} to serve anonymous callers; {@code false} answers them 401
     */
    boolean allowAnonymous() default false;

}
