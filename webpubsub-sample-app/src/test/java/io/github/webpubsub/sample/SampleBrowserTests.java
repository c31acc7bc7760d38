package io.github.webpubsub.sample;

import java.nio.file.Path;
import java.util.List;

import io.github.webpubsub.localhub.ClientAccessToken;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's pages in a real browser, headless Chromium, against the running
 * application and the local hub: what a newcomer sees. Saves the screenshots the README
 * shows.
 */
class SampleBrowserTests extends RunningSampleTests {

    /**
     * Where the screenshots go: the build's target directory, or {@code docs/} to refresh
     * the README's.
     */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("sample.screenshots", "target/screenshots"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final By CONNECTION_STATE = By.id("connection-state");

    private static final By GENERATOR_LINK = By.cssSelector("nav a[href='/generator']");

    @Test
    void aliceAndBobChatThroughTheHub() {
        try (Browser alice = Browser.open(); Browser bob = Browser.open()) {
            alice.signIn(ALICE);
            bob.signIn(BOB);
            alice.waitForText(CONNECTION_STATE, "Connected");
            bob.waitForText(CONNECTION_STATE, "Connected");
            assertThat(alice.find(By.id("detail-user")).getText()).isEqualTo("alice");
            assertThat(alice.find(By.id("detail-subprotocol")).getText()).isEqualTo("json.webpubsub.azure.v1");

            send(alice, "Hi bob! This went through Web PubSub.");
            WebElement atAlice = message(alice, "Hi bob! This went through Web PubSub.");
            assertThat(atAlice.findElement(By.className("sender")).getText()).isEqualTo("alice");
            assertThat(atAlice.getAttribute("class")).contains("mine");
            WebElement atBob = message(bob, "Hi bob! This went through Web PubSub.");
            assertThat(atBob.findElement(By.className("sender")).getText()).isEqualTo("alice");
            assertThat(atBob.getAttribute("class")).doesNotContain("mine");

            send(bob, "Hello alice, got it. Same lobby, same hub.");
            WebElement reply = message(alice, "Hello alice, got it. Same lobby, same hub.");
            assertThat(reply.findElement(By.className("sender")).getText()).isEqualTo("bob");

            alice.screenshot(SCREENSHOTS.resolve("chat.png"));
        }
    }

    @Test
    void chatNegotiatesAFreshUrlAndReconnectsWhenTheConnectionCloses() {
        try (Browser alice = Browser.open()) {
            alice.recordWebSockets();
            alice.signIn(ALICE);
            alice.waitForText(CONNECTION_STATE, "Connected");
            String firstConnection = alice.find(By.id("detail-connection")).getText();

            alice.script("window.sampleTestSockets.at(-1).close()");

            alice.waitUntil("the page to say the connection closed",
                    (driver) -> alice.findAll(By.cssSelector("#messages li.notice.error"))
                        .stream()
                        .anyMatch((notice) -> notice.getText().startsWith("The connection closed (code ")));
            alice.waitUntil("a new connection", (driver) -> {
                String connection = alice.find(By.id("detail-connection")).getText();
                return !connection.equals(firstConnection) && !connection.equals("–");
            });
            alice.waitForText(CONNECTION_STATE, "Connected");
            @SuppressWarnings("unchecked")
            List<String> urls = (List<String>) alice
                .script("return window.sampleTestSockets.map((socket) => socket.url)");
            assertThat(urls).hasSize(2)
                .doesNotHaveDuplicates()
                .allSatisfy((url) -> assertThat(url)
                    .startsWith("ws://localhost:" + HUB_PORT + "/client/hubs/chat?access_token="));
            send(alice, "Still here after a reconnect.");
            assertThat(message(alice, "Still here after a reconnect.").findElement(By.className("sender")).getText())
                .isEqualTo("alice");
        }
    }

    @Test
    void administratorGeneratesAUrlAndSeesWhatItsTokenHolds() {
        try (Browser admin = Browser.open()) {
            admin.signIn(ADMIN);
            assertThat(admin.find(GENERATOR_LINK).isDisplayed()).isTrue();
            admin.open("/generator");
            admin.waitUntil("the defaults",
                    (driver) -> "chat".equals(admin.find(By.id("hub")).getDomProperty("value")));

            admin.find(By.id("user-id")).sendKeys("device-42");
            admin.find(By.id("role-join-any")).click();
            admin.find(By.id("role-group")).sendKeys("lobby");
            admin.find(By.id("extra-roles")).sendKeys("webpubsub.sendToGroups.room-*");
            admin.find(By.id("groups")).sendKeys("lobby, news");
            new Select(admin.find(By.id("protocol"))).selectByValue("default");

            // First a lifetime above the maximum: the page shows the factory's reason.
            setLifetime(admin, "2000");
            admin.find(By.id("generate")).click();
            assertThat(admin.waitForVisible(By.id("problem")).getText())
                .contains("Token lifetime PT33H20M exceeds the maximum PT24H");

            setLifetime(admin, "15");
            admin.find(By.id("generate")).click();
            admin.waitForVisible(By.id("result"));
            assertThat(admin.find(By.id("problem")).isDisplayed()).isFalse();

            String url = admin.find(By.id("url")).getDomProperty("value");
            assertThat(url).startsWith("ws://localhost:" + HUB_PORT + "/client/hubs/chat?access_token=");
            ClientAccessToken token = verify(url);
            JsonNode shownHeader = JSON.readTree(admin.find(By.id("token-header")).getText());
            JsonNode shownClaims = JSON.readTree(admin.find(By.id("token-claims")).getText());
            assertThat(shownHeader).isEqualTo(JSON.valueToTree(token.header()));
            assertThat(shownClaims).isEqualTo(JSON.valueToTree(token.claims()));
            assertThat(shownClaims.path("sub").asString()).isEqualTo("device-42");
            assertThat(shownClaims.path("aud").asString())
                .isEqualTo("http://localhost:" + HUB_PORT + "/client/hubs/chat");
            assertThat(token.roles()).containsExactly("webpubsub.joinLeaveGroup", "webpubsub.joinLeaveGroup.lobby",
                    "webpubsub.sendToGroup.lobby", "webpubsub.sendToGroups.room-*");
            assertThat(token.groups()).containsExactly("lobby", "news");
            assertThat(shownClaims.path("exp").asLong() - shownClaims.path("iat").asLong()).isEqualTo(15 * 60);
            assertThat(admin.find(By.id("countdown")).getText()).matches("Expires in 1[45]:[0-5]\\d");

            admin.screenshot(SCREENSHOTS.resolve("generator.png"));
        }
    }

    @Test
    void userCannotOpenTheGenerator() {
        try (Browser alice = Browser.open()) {
            alice.signIn(ALICE);
            assertThat(alice.find(GENERATOR_LINK).isDisplayed()).isFalse();

            alice.open("/generator");

            assertThat(alice.find(By.className("code")).getText()).isEqualTo("403");
            assertThat(alice.find(By.tagName("h1")).getText()).isEqualTo("You may not open this page");
            assertThat(alice.findAll(By.id("generator"))).isEmpty();
        }
    }

    @Test
    void visitorIsAskedToSignInFirst() {
        try (Browser visitor = Browser.open()) {
            visitor.open("/");

            assertThat(visitor.currentPath()).isEqualTo("/login");
            assertThat(visitor.find(By.tagName("h2")).getText()).isEqualTo("Please sign in");
        }
    }

    private static void send(Browser browser, String text) {
        browser.find(By.id("message")).sendKeys(text + Keys.ENTER);
    }

    /** Waits for the message with this text, as the hub delivered it to the page. */
    private static WebElement message(Browser browser, String text) {
        return browser.waitUntil("the message '" + text + "'", (driver) -> {
            List<WebElement> matching = browser.findAll(By.cssSelector("#messages li.message"))
                .stream()
                .filter((item) -> item.findElement(By.className("text")).getText().equals(text))
                .toList();
            return matching.isEmpty() ? null : matching.get(0);
        });
    }

    private static void setLifetime(Browser browser, String minutes) {
        WebElement lifetime = browser.find(By.id("lifetime"));
        lifetime.clear();
        lifetime.sendKeys(minutes);
    }

}
