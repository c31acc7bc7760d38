package io.github.webpubsub.sample.security;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sample's users, signed in with form login (pages) or HTTP Basic (API clients):
 *
 * <pre>{@code
 * sample:
 *   users:
 *     alice:
 *       password: "{bcrypt}$2a$10$..."   # or "{noop}alice" to try something out
 *       roles: USER                        # ROLE_USER in Spring Security
 * }</pre>
 *
 * Passwords are in Spring Security's storage format, {@code {id}encoded}, so that a hash
 * is never mistaken for a password; a wrong or missing one stops the application at
 * startup with Boot's report naming the property. Without any user the demo users sign
 * in, while the sample serves its local development hub only ({@link SampleUsers}).
 *
 * @param users each user by name
 */
@ConfigurationProperties("sample")
public record SampleUserProperties(Map<String, User> users) {

    public SampleUserProperties {
        users = (users != null) ? Map.copyOf(users) : Map.of();
    }

    /**
     * One user.
     *
     * @param password the password in storage format, such as {@code {bcrypt}$2a$10$...}
     * @param roles Spring Security roles without the {@code ROLE_} prefix, such as
     * {@code USER} or {@code ADMIN}
     */
    public record User(String password, List<String> roles) {

        /**
         * An id in braces, then the encoded password: {@code {bcrypt}...},
         * {@code {noop}...}.
         */
        private static final Pattern STORAGE_FORMAT = Pattern.compile("\\{[a-zA-Z0-9_-]+}.+");

        public User {
            if (password == null || !STORAGE_FORMAT.matcher(password).matches()) {
                throw new IllegalArgumentException(
                        "A password must be in Spring Security's storage format, its encoding "
                                + "in braces before it, such as {bcrypt}$2a$10$... (a hash) or {noop}secret (plain "
                                + "text, for trying something out only)");
            }
            if (roles == null || roles.isEmpty()) {
                throw new IllegalArgumentException("A user needs at least one role, such as USER or ADMIN");
            }
            for (String role : roles) {
                if (role.isBlank() || role.startsWith("ROLE_")) {
                    throw new IllegalArgumentException(
                            "Role '" + role + "' must be a name without the ROLE_ prefix, such as USER or ADMIN");
                }
            }
            roles = List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "User[password=******, roles=" + this.roles + "]";
        }

    }

}
