package io.github.webpubsub.sample.security;

import java.util.List;
import java.util.Map;

import io.github.webpubsub.sample.security.SampleUserProperties.User;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SampleUsersTests {

    /**
     * {@code htpasswd -bnBC 4 "" carol-s3cret | tr -d ':\n'}: the documented command, at
     * a cost that tests afford.
     */
    static final String CAROL_HASH = "{bcrypt}$2y$04$8dXGXiivjVfHTYSHyXS5IOB/.Rxyh51Jmy.178PHvs2yKEzlvE3ra";

    /** {@code htpasswd -bnBC 4 "" admin | tr -d ':\n'}: a demo password, hashed anew. */
    static final String ADMIN_HASH = "{bcrypt}$2y$04$NRfToOYPG.GjakZkzm.fsuzWOmdSXRVUU7VWrOM6xCemlmA3E8qy6";

    static final String HOW_TO_HASH = String.format("Make the hash with htpasswd (Debian's apache2-utils, httpd-tools "
            + "elsewhere):%n%n    htpasswd -bnBC 10 \"\" '<password>' | tr -d ':\\n'%n%nand write it after {bcrypt}, "
            + "quoted in YAML: password: \"{bcrypt}$2y$10$...\".");

    private final PasswordEncoder passwordEncoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void demoUsersSignInOnTheLocalHubWhenNoneAreConfigured() {
        Map<String, User> users = SampleUsers.select(users(Map.of()), true, this.passwordEncoder);

        assertThat(users).containsOnlyKeys("alice", "bob", "admin");
        assertThat(this.passwordEncoder.matches("alice", users.get("alice").password())).isTrue();
        assertThat(this.passwordEncoder.matches("bob", users.get("bob").password())).isTrue();
        assertThat(this.passwordEncoder.matches("admin", users.get("admin").password())).isTrue();
        assertThat(users.get("admin").roles()).containsExactly("ADMIN");
        assertThat(users.get("alice").roles()).containsExactly("USER");
    }

    @Test
    void configuredUsersReplaceTheDemoUsersEverywhere() {
        Map<String, User> configured = Map.of("carol", new User(CAROL_HASH, List.of("ADMIN")));

        assertThat(SampleUsers.select(users(configured), true, this.passwordEncoder)).isEqualTo(configured);
        assertThat(SampleUsers.select(users(configured), false, this.passwordEncoder)).isEqualTo(configured);
    }

    @Test
    void withoutUsersARealResourceStopsTheStartSayingHowToConfigureThem() {
        assertThatExceptionOfType(SampleUsersException.class)
            .isThrownBy(() -> SampleUsers.select(users(Map.of()), false, this.passwordEncoder))
            .withMessage("No users are configured, and the sample's Web PubSub endpoint is not its local development "
                    + "hub (it is a real resource, or key-less mode). The demo users alice, bob and admin sign in only "
                    + "on the local hub, so nobody could sign in.")
            .satisfies((ex) -> assertThat(ex.getAction()).isEqualTo(String
                .format("Configure each user under "
                        + "'sample.users.<name>': 'password', a bcrypt hash in Spring Security's storage format, and "
                        + "'roles', such as USER or ADMIN. For example, in the environment:%n%n"
                        + "    SAMPLE_USERS_CAROL_PASSWORD='{bcrypt}<hash>' SAMPLE_USERS_CAROL_ROLES=ADMIN%n%n")
                    + HOW_TO_HASH));
    }

    @Test
    void aDemoPasswordIsNeverAcceptedAgainstARealResource() {
        Map<String, User> configured = Map.of("carol", new User(CAROL_HASH, List.of("ADMIN")), "root",
                new User(ADMIN_HASH, List.of("ADMIN")), "alice", new User("{noop}alice", List.of("USER")));

        assertThatExceptionOfType(SampleUsersException.class)
            .isThrownBy(() -> SampleUsers.select(users(configured), false, this.passwordEncoder))
            .withMessage("'sample.users.alice.password' and 'sample.users.root.password' accept a demo password "
                    + "(alice, bob or admin), which anyone who has read the sample's README knows, and the sample's "
                    + "Web PubSub endpoint is not its local development hub (it is a real resource, or key-less mode).")
            .satisfies((ex) -> assertThat(ex.getAction())
                .isEqualTo("Set each to a bcrypt hash of another password. " + HOW_TO_HASH)
                .doesNotContain(ADMIN_HASH.substring(15)));
    }

    @Test
    void oneUserWithADemoPasswordIsNamedAlone() {
        Map<String, User> configured = Map.of("bob", new User("{noop}bob", List.of("USER")));

        assertThatExceptionOfType(SampleUsersException.class)
            .isThrownBy(() -> SampleUsers.select(users(configured), false, this.passwordEncoder))
            .withMessageStartingWith("'sample.users.bob.password' accepts a demo password (alice, bob or admin)")
            .satisfies((ex) -> assertThat(ex.getAction()).startsWith("Set it to a bcrypt hash of another password."));
    }

    @Test
    void demoPasswordsMayBeConfiguredOnTheLocalHub() {
        Map<String, User> configured = Map.of("root", new User(ADMIN_HASH, List.of("ADMIN")));

        assertThat(SampleUsers.select(users(configured), true, this.passwordEncoder)).isEqualTo(configured);
    }

    @Test
    void theDocumentedHtpasswdHashSignsIn() {
        assertThat(this.passwordEncoder.matches("carol-s3cret", CAROL_HASH)).isTrue();
        assertThat(this.passwordEncoder.matches("carol", CAROL_HASH)).isFalse();
    }

    private static SampleUserProperties users(Map<String, User> users) {
        return new SampleUserProperties(users);
    }

}
