package io.github.webpubsub.token;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import io.github.webpubsub.token.WebPubSubServiceException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The exceptions form one closed family: one root, each member final, created by the
 * library, so that their messages keep the rules their Javadoc promises (no secret, a
 * fix). The one public way to create one is the documented factory for test doubles of a
 * failing service.
 */
class WebPubSubExceptionTests {

    private static final List<Class<? extends WebPubSubException>> MEMBERS = List.of(
            InvalidClientAccessRequestException.class, InvalidWebPubSubSettingException.class,
            WebPubSubServiceException.class);

    @Test
    void theRootIsSealedAndPermitsExactlyTheThreeMembers() {
        assertThat(WebPubSubException.class.isSealed()).isTrue();
        assertThat(WebPubSubException.class.getPermittedSubclasses()).containsExactlyInAnyOrderElementsOf(MEMBERS);
        assertThat(RuntimeException.class).isAssignableFrom(WebPubSubException.class);
    }

    @Test
    void everyMemberIsFinalWithoutPublicConstructors() {
        for (Class<? extends WebPubSubException> member : MEMBERS) {
            assertThat(Modifier.isFinal(member.getModifiers())).as(member.getSimpleName()).isTrue();
            assertThat(Arrays.stream(member.getDeclaredConstructors()).map(Constructor::getModifiers))
                .as(member.getSimpleName())
                .noneMatch(Modifier::isPublic)
                .noneMatch(Modifier::isProtected);
        }
    }

    @Test
    void aTestDoubleCreatesAServiceFailureWithAndWithoutAStatus() {
        WebPubSubServiceException refused = WebPubSubServiceException.of(Reason.UNAUTHORIZED, 403, "Refused.");
        assertThat(refused.reason()).isEqualTo(Reason.UNAUTHORIZED);
        assertThat(refused.httpStatus()).hasValue(403);
        assertThat(refused).hasMessage("Refused.").hasNoCause();
        WebPubSubServiceException timedOut = WebPubSubServiceException.of(Reason.UNAVAILABLE, "Timed out.");
        assertThat(timedOut.httpStatus()).isEmpty();
    }

    @Test
    void aTestDoubleCannotGiveAStatusNoServiceAnswersWith() {
        assertThatIllegalArgumentException().isThrownBy(() -> WebPubSubServiceException.of(Reason.REJECTED, 42, "x"))
            .withMessage("HTTP status 42 is outside 100 to 599. Give the status the service answered with.");
        assertThatIllegalArgumentException().isThrownBy(() -> WebPubSubServiceException.of(null, 500, "x"))
            .withMessage("Reason is null. Give the Reason that fits the failure.");
    }

    @Test
    void aCallerValueAndASettingAreBothCaughtAsTheRoot() {
        assertThat(catchRoot(() -> ClientAccessRequest.builder().hub("1chat")))
            .isInstanceOf(InvalidClientAccessRequestException.class);
        assertThat(catchRoot(() -> ClientUrlFactory.builder().hub("chat").build()))
            .isInstanceOf(InvalidWebPubSubSettingException.class);
    }

    private static WebPubSubException catchRoot(Runnable action) {
        try {
            action.run();
        }
        catch (WebPubSubException ex) {
            return ex;
        }
        throw new AssertionError("Nothing was thrown");
    }

}
