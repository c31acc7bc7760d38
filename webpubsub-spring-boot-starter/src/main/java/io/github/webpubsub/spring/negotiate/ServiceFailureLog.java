package io.github.webpubsub.spring.negotiate;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.webpubsub.token.WebPubSubServiceException;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs failed service calls (key-less mode) without flooding the log: the first failure
 * of each kind is a warning, repeats are debug messages, until a token is issued again. A
 * missing role assignment thus shows once, with the fix, instead of once per client. The
 * core's messages hold no token, so they can be logged as they are.
 */
final class ServiceFailureLog {

    private static final Log logger = LogFactory.getLog(ServiceFailureLog.class);

    private final Set<Reason> reported = ConcurrentHashMap.newKeySet();

    void failed(String endpoint, int status, WebPubSubServiceException ex) {
        String message = "Web PubSub did not issue a client token for " + endpoint + " (" + ex.reason() + "), so it "
                + "answered " + status + ". " + ex.getMessage();
        if (this.reported.add(ex.reason())) {
            logger.warn(message + " Repeats are logged at DEBUG until a token is issued again.");
        }
        else if (logger.isDebugEnabled()) {
            logger.debug(message);
        }
    }

    void succeeded() {
        if (!this.reported.isEmpty()) {
            this.reported.clear();
        }
    }

}
