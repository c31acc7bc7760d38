package io.github.webpubsub.localhub;

import java.util.regex.Pattern;

/**
 * The hub names the service accepts: its REST API's pattern, which the client endpoint
 * shares.
 */
final class HubNames {

    private static final Pattern HUB = Pattern.compile("[A-Za-z][A-Za-z0-9_`,.\\[\\]]{0,127}");

    private HubNames() {
    }

    static boolean isValid(String hub) {
        return hub != null && HUB.matcher(hub).matches();
    }

}
