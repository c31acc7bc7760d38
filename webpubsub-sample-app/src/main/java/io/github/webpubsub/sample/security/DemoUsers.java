package io.github.webpubsub.sample.security;

import java.util.List;
import java.util.Map;

import io.github.webpubsub.sample.security.SampleUserProperties.User;

/**
 * The sample's demo users, alice/alice, bob/bob and admin/admin: published with the
 * sample, so they sign in only while it serves its local development hub on this machine,
 * never against a real resource.
 */
final class DemoUsers {

    /**
     * The passwords anyone who read the README knows; a configured user must not accept
     * them on a real resource.
     */
    static final List<String> PASSWORDS = List.of("alice", "bob", "admin");

    /** Each demo user, its password stored as a bcrypt hash of the user name. */
    static final Map<String, User> USERS = Map.of("alice",
            user("{bcrypt}$2a$10$LIjCJkkeaowv8GRSuiS8Iu9cmAnnvB24/wBIqED0CGt6yqQTWpXqa", "USER"), "bob",
            user("{bcrypt}$2a$10$hMHz03vOxi8j5VPySU7nTu/Yf4sgQxpjkkv0320oU2.b4w1a0yyFK", "USER"), "admin",
            user("{bcrypt}$2a$10$1uL5qjitDzNnPOafykv0leFeX.QaepGfybG34.VZjIPfLz2tkakdS", "ADMIN"));

    private DemoUsers() {
    }

    private static User user(String password, String role) {
        return new User(password, List.of(role));
    }

}
