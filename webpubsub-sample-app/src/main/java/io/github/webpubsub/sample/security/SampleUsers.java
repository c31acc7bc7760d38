package io.github.webpubsub.sample.security;

import java.util.List;
import java.util.Map;

import io.github.webpubsub.sample.security.SampleUserProperties.User;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Decides who signs in. The users of {@code sample.users}, if any; else, while the sample
 * serves its local development hub on this machine, the {@link DemoUsers}; else the
 * sample does not start, since nobody could sign in. Against a real resource, a
 * configured user who accepts a demo password stops the start too: those passwords are
 * published, and would let anyone mint Client Access URLs for the resource.
 */
final class SampleUsers {

    private static final Log logger = LogFactory.getLog(SampleUsers.class);

    private SampleUsers() {
    }

    /**
     * Returns the users who sign in.
     * @param properties the configured users
     * @param localHub whether the sample serves its local development hub (else its
     * endpoint is a real resource, or key-less mode)
     * @param passwordEncoder checks passwords as sign-in does, to find demo passwords
     * among the configured ones
     * @return the users by name
     * @throws SampleUsersException if the sample must not start with these users
     */
    static Map<String, User> select(SampleUserProperties properties, boolean localHub,
            PasswordEncoder passwordEncoder) {
        if (properties.users().isEmpty()) {
            if (!localHub) {
                throw new SampleUsersException(
                        "No users are configured, and the sample's Web PubSub endpoint is not "
                                + "its local development hub (it is a real resource, or key-less mode). The demo users "
                                + "alice, bob and admin sign in only on the local hub, so nobody could sign in.",
                        String.format("Configure each user under 'sample.users.<name>': 'password', a bcrypt hash "
                                + "in Spring Security's storage format, and 'roles', such as USER or ADMIN. For "
                                + "example, in the environment:%n%n    SAMPLE_USERS_CAROL_PASSWORD='{bcrypt}<hash>' "
                                + "SAMPLE_USERS_CAROL_ROLES=ADMIN%n%n" + SampleUsersException.HOW_TO_HASH));
            }
            logger.info("No users are configured: the demo users alice, bob and admin sign in, while the sample "
                    + "serves its local development hub (configure 'sample.users' to replace them).");
            return DemoUsers.USERS;
        }
        if (!localHub) {
            requireNoDemoPassword(properties.users(), passwordEncoder);
        }
        return properties.users();
    }

    private static void requireNoDemoPassword(Map<String, User> users, PasswordEncoder passwordEncoder) {
        List<String> properties = users.entrySet()
            .stream()
            .filter((user) -> acceptsDemoPassword(user.getValue(), passwordEncoder))
            .map((user) -> "'sample.users." + user.getKey() + ".password'")
            .sorted()
            .toList();
        if (properties.isEmpty()) {
            return;
        }
        String names = (properties.size() == 1) ? properties.get(0) + " accepts"
                : String.join(", ", properties.subList(0, properties.size() - 1)) + " and "
                        + properties.get(properties.size() - 1) + " accept";
        throw new SampleUsersException(names + " a demo password (alice, bob or admin), which anyone who has read "
                + "the sample's README knows, and the sample's Web PubSub endpoint is not its local development hub "
                + "(it is a real resource, or key-less mode).",
                String.format("Set " + ((properties.size() == 1) ? "it" : "each")
                        + " to a bcrypt hash of another password. " + SampleUsersException.HOW_TO_HASH));
    }

    private static boolean acceptsDemoPassword(User user, PasswordEncoder passwordEncoder) {
        for (String demoPassword : DemoUsers.PASSWORDS) {
            try {
                if (passwordEncoder.matches(demoPassword, user.password())) {
                    return true;
                }
            }
            catch (IllegalArgumentException ex) {
                // An encoding that sign-in does not know either: it accepts no password
                // at all.
                return false;
            }
        }
        return false;
    }

}
