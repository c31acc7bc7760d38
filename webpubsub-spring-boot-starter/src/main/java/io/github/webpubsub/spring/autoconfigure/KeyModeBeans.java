package io.github.webpubsub.spring.autoconfigure;

import java.time.Duration;

import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.InvalidWebPubSubSettingException;

import org.springframework.beans.factory.ObjectProvider;

import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.KEY_ROTATION_CHECK_INTERVAL;

/**
 * Creates the beans of key mode that the starter derives from the connection details: the
 * {@link AccessKeyCredential} that signs the tokens, and the {@link AccessKeyRefresher}
 * that keeps its key up to date. Each refuses, with a report, settings under which it
 * would have no key to work with.
 */
final class KeyModeBeans {

    private final WebPubSubConnectionDetails connectionDetails;

    KeyModeBeans(WebPubSubConnectionDetails connectionDetails) {
        this.connectionDetails = connectionDetails;
    }

    /**
     * Creates the starter's {@link AccessKeyCredential} from the connection details'
     * access key.
     * @return the credential
     * @throws WebPubSubConfigurationException in key-less mode, or if the key is invalid
     */
    AccessKeyCredential createAccessKeyCredential() {
        String accessKey = this.connectionDetails.getAccessKey();
        if (accessKey == null) {
            SettingSource endpoint = SettingSource.endpointOf(this.connectionDetails);
            SettingSource accessKeySource = SettingSource.accessKeyOf(this.connectionDetails);
            throw new WebPubSubConfigurationException(endpoint.property(),
                    "An AccessKeyCredential bean was asked for, but there is no access key: " + accessKeySource.label()
                            + " is not set, which selects "
                            + "key-less mode (Microsoft Entra ID), where the service mints the tokens.",
                    "Set " + accessKeySource.label() + " to sign tokens with an access key, or do not inject "
                            + "AccessKeyCredential in key-less mode.");
        }
        try {
            return AccessKeyCredential.of(accessKey);
        }
        catch (InvalidWebPubSubSettingException ex) {
            throw BuildFailureDiagnosis.invalidAccessKey(SettingSource.accessKeyOf(this.connectionDetails), ex);
        }
    }

    /**
     * Creates what checks the access key at the interval of
     * {@code webpubsub.key-rotation.check-interval}.
     * @param interval the interval
     * @param credential the {@link AccessKeyCredential} bean to update
     * @param applicationCredential whether the application defines that bean, which then
     * supplies the key
     * @return the refresher
     * @throws WebPubSubConfigurationException if the interval is not positive, or the key
     * does not come from the connection details
     */
    AccessKeyRefresher createAccessKeyRefresher(Duration interval, ObjectProvider<AccessKeyCredential> credential,
            boolean applicationCredential) {
        String property = KEY_ROTATION_CHECK_INTERVAL;
        if (interval.isNegative() || interval.isZero()) {
            throw new WebPubSubConfigurationException(property,
                    "'" + property + "' is " + DurationText.of(interval) + "; it must be positive.",
                    "Set '" + property + "' to a "
                            + "positive duration such as 30s, or remove it to never check the access key for changes.");
        }
        if (applicationCredential) {
            throw new WebPubSubConfigurationException(property, "'" + property + "' is set, but the "
                    + "access key comes from the application's AccessKeyCredential bean, which the starter does not "
                    + "read again.",
                    "Update the AccessKeyCredential bean from your own code and remove '" + property
                            + "', or remove the bean to have the starter read the key from the "
                            + "connection details.");
        }
        if (this.connectionDetails.getAccessKey() == null) {
            String accessKey = SettingSource.accessKeyOf(this.connectionDetails).label();
            throw new WebPubSubConfigurationException(property,
                    "'" + property + "' is set, but there is no access key to check: " + accessKey
                            + " is not set, which selects "
                            + "key-less mode (Microsoft Entra ID), where the service mints the tokens.",
                    "Remove '" + property + "', or set " + accessKey + ".");
        }
        return new AccessKeyRefresher(this.connectionDetails::getAccessKey, credential.getObject(), interval,
                SettingSource.accessKeyOf(this.connectionDetails).label());
    }

}
