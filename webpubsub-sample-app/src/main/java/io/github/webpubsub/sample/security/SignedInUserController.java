package io.github.webpubsub.sample.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells the pages who is signed in, so that they greet the user and show administrators
 * their links.
 */
@RestController
class SignedInUserController {

    @GetMapping("/api/me")
    SignedInUser me(Authentication authentication) {
        boolean admin = AuthorityUtils.authorityListToSet(authentication.getAuthorities()).contains("ROLE_ADMIN");
        return new SignedInUser(authentication.getName(), admin);
    }

    /**
     * The signed-in user.
     *
     * @param name the user name, which is also the Web PubSub user id
     * @param admin whether the user is an administrator, who may use the Client URL
     * Generator
     */
    record SignedInUser(String name, boolean admin) {
    }

}
