package io.github.webpubsub.compat;

import java.security.Principal;

import io.github.webpubsub.spring.negotiate.WebPubSubNegotiate;
import io.github.webpubsub.token.ClientAccessRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Negotiate endpoints as {@code docs/negotiate.md} shows them, next to a plain
 * {@code @GetMapping} for comparison (the AOT metadata must list both kinds of handler
 * method).
 */
@RestController
public class ChatNegotiation {

    /**
     * The lobby: the roles and groups of the caller's authorities
     * ({@code webpubsub.negotiate.*}).
     */
    @WebPubSubNegotiate(path = "/negotiate", groups = "lobby", lifetime = "15m")
    public void lobby() {
    }

    /** One room: a role templated from the path, and a group added by the method body. */
    @WebPubSubNegotiate(path = "/rooms/{room}/negotiate", roles = "webpubsub.sendToGroup.room-{room}")
    public void room(@PathVariable String room, ClientAccessRequest.Builder request) {
        request.groups("room-" + room);
    }

    @GetMapping("/me")
    public String me(Principal principal) {
        return principal.getName();
    }

}
