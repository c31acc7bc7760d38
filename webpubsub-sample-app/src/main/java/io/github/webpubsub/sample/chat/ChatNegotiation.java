package io.github.webpubsub.sample.chat;

import io.github.webpubsub.spring.negotiate.WebPubSubNegotiate;

import org.springframework.web.bind.annotation.RestController;

/**
 * The negotiate endpoint of the chat: {@code GET} or {@code POST /negotiate} answers the
 * signed-in caller with a Client Access URL for hub {@code chat}. What the caller may do
 * comes from their authorities, through {@code webpubsub.negotiate.authority-roles} and
 * {@code authority-groups} in {@code application.yml}: users may join, leave and send to
 * {@code lobby} and their own {@code user-<name>} group, administrators to any group.
 */
@RestController
class ChatNegotiation {

    @WebPubSubNegotiate(path = "/negotiate", hub = "chat")
    void chat() {
    }

}
