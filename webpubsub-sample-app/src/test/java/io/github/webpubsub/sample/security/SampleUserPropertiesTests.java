package io.github.webpubsub.sample.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SampleUserPropertiesTests {

    @Test
    void bindsUsersWithStoredPasswordsAndRoles() {
        SampleUserProperties properties = bind(
                Map.of("sample.users.carol.password", "{noop}carol", "sample.users.carol.roles", "USER,ADMIN"));

        assertThat(properties.users()).containsOnlyKeys("carol");
        assertThat(properties.users().get("carol").password()).isEqualTo("{noop}carol");
        assertThat(properties.users().get("carol").roles()).containsExactly("USER", "ADMIN");
    }

    @Test
    void bindsUsersFromEnvironmentVariablesAsTheReportSuggests() {
        SystemEnvironmentPropertySource variables = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("SAMPLE_USERS_CAROL_PASSWORD", "{bcrypt}$2y$10$hash", "SAMPLE_USERS_CAROL_ROLES", "ADMIN"));

        SampleUserProperties properties = new Binder(ConfigurationPropertySources.from(variables))
            .bindOrCreate("sample", Bindable.of(SampleUserProperties.class));

        assertThat(properties.users()).containsOnlyKeys("carol");
        assertThat(properties.users().get("carol").password()).isEqualTo("{bcrypt}$2y$10$hash");
        assertThat(properties.users().get("carol").roles()).containsExactly("ADMIN");
    }

    @Test
    void passwordWithoutItsEncodingIsRefusedWithTheProperty() {
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(Map.of("sample.users.carol.password", "carol", "sample.users.carol.roles", "USER")))
            .withMessageContaining("sample.users.carol")
            .havingRootCause()
            .withMessageStartingWith("A password must be in Spring Security's storage format")
            .withMessageNotContaining("carol");
    }

    @Test
    void userWithoutRoleIsRefused() {
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(Map.of("sample.users.carol.password", "{noop}carol")))
            .havingRootCause()
            .withMessage("A user needs at least one role, such as USER or ADMIN");
    }

    @Test
    void roleWithItsPrefixIsRefused() {
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(
                    Map.of("sample.users.carol.password", "{noop}carol", "sample.users.carol.roles", "ROLE_USER")))
            .havingRootCause()
            .withMessage("Role 'ROLE_USER' must be a name without the ROLE_ prefix, such as USER or ADMIN");
    }

    @Test
    void toStringHidesThePassword() {
        SampleUserProperties.User user = new SampleUserProperties.User("{noop}secret-password",
                java.util.List.of("USER"));

        assertThat(user.toString()).doesNotContain("secret-password").contains("USER");
    }

    private static SampleUserProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("sample",
                Bindable.of(SampleUserProperties.class));
    }

}
