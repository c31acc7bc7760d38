package io.github.webpubsub.sample.security;

import io.github.webpubsub.sample.RealResource;
import io.github.webpubsub.sample.WebPubSubSampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The whole sample refuses to start against a real resource until its users are
 * configured, with Spring Boot's failure report saying how, and never with a demo
 * password.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleUsersStartupTests {

    private static final String NO_USERS = "No users are configured, and the sample's Web PubSub endpoint is not its "
            + "local development hub (it is a real resource, or key-less mode). The demo users alice, bob and admin "
            + "sign in only on the local hub, so nobody could sign in.";

    private static final String CONFIGURE_USERS = String.format("Configure each user under 'sample.users.<name>': "
            + "'password', a bcrypt hash in Spring Security's storage format, and 'roles', such as USER or ADMIN. For "
            + "example, in the environment:%n%n    SAMPLE_USERS_CAROL_PASSWORD='{bcrypt}<hash>' "
            + "SAMPLE_USERS_CAROL_ROLES=ADMIN%n%n") + SampleUsersTests.HOW_TO_HASH;

    @Test
    void realResourceWithoutUsersFailsStartupWithTheReport(CapturedOutput output) {
        assertThatException().isThrownBy(() -> start("--" + RealResource.CONNECTION_STRING_PROPERTY))
            .havingRootCause()
            .isInstanceOf(SampleUsersException.class);

        assertThat(output).contains(report(NO_USERS, CONFIGURE_USERS)).doesNotContain("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }

    @Test
    void keylessModeWithoutUsersFailsStartupWithTheReport(CapturedOutput output) {
        // Even with a loopback endpoint: only the real service (or a stand-in of it)
        // mints key-less tokens.
        assertThatException()
            .isThrownBy(() -> start("--spring.profiles.active=keyless", "--WEBPUBSUB_ENDPOINT=http://127.0.0.1:9"))
            .havingRootCause()
            .isInstanceOf(SampleUsersException.class);

        assertThat(output).contains(report(NO_USERS, CONFIGURE_USERS));
    }

    @Test
    void realResourceWithADemoPasswordFailsStartupWithTheReport(CapturedOutput output) {
        String adminHash = SampleUsersTests.ADMIN_HASH;
        assertThatException()
            .isThrownBy(() -> start("--" + RealResource.CONNECTION_STRING_PROPERTY,
                    "--sample.users.root.password=" + adminHash, "--sample.users.root.roles=ADMIN"))
            .havingRootCause()
            .isInstanceOf(SampleUsersException.class);

        assertThat(output).contains(report("'sample.users.root.password' accepts a demo password (alice, bob or "
                + "admin), which anyone who has read the sample's README knows, and the sample's Web PubSub endpoint "
                + "is not its local development hub (it is a real resource, or key-less mode).",
                "Set it to a bcrypt hash of another password. " + SampleUsersTests.HOW_TO_HASH))
            .doesNotContain(adminHash.substring("{bcrypt}$2y$04$".length()));
    }

    private static void start(String... args) {
        new SpringApplicationBuilder(WebPubSubSampleApplication.class).run(withPort(args)).close();
    }

    private static String[] withPort(String[] args) {
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server.port=0";
        return all;
    }

    private static String report(String description, String action) {
        return String.format("APPLICATION FAILED TO START%n***************************%n%nDescription:%n%n%s%n%n"
                + "Action:%n%n%s%n", description, action);
    }

}
