package io.github.webpubsub.sample.devhub;

import java.time.Clock;

import io.github.webpubsub.sample.RunningSampleTests;
import io.github.webpubsub.token.ClientUrlFactory;

/**
 * The running sample, seen from its local development hub: tokens are minted with the project's own factory and the
 * sample's key, for hub {@code chat}. Shares the application context of every {@link RunningSampleTests}.
 */
abstract class RunningHubTests extends RunningSampleTests {

    static final String OTHER_KEY = "rqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA";

    /** Mints Client Access URLs for hub {@code chat} of the running hub, with the project's own factory. */
    static ClientUrlFactory urls() {
        return ClientUrlFactory.builder().connectionString(CONNECTION_STRING).hub("chat").build();
    }

    static ClientUrlFactory urls(String key, Clock clock) {
        return ClientUrlFactory.builder().connectionString(connectionString(key)).hub("chat").clock(clock).build();
    }

}
