package io.github.webpubsub.token;

import io.github.webpubsub.token.InvalidWebPubSubSettingException.Setting;

import static io.github.webpubsub.token.InvalidWebPubSubSettingException.attribute;

/**
 * The access key that a {@link ClientUrlFactory} signs with, replaceable while the
 * application runs: the way to rotate keys without a restart.
 *
 * <p>
 * A Web PubSub resource has two access keys and accepts tokens signed with either, so
 * keys are rotated one at a time: while the application signs with key 1, regenerate key
 * 2; {@link #update(String) update} the credential to key 2; once the tokens signed with
 * key 1 have expired (the longest token lifetime), regenerate key 1.
 *
 * <pre>{@code
 * AccessKeyCredential credential = AccessKeyCredential.of(vault.secret("webpubsub-key"));
 * ClientUrlFactory factory = ClientUrlFactory.builder()
 *         .endpoint(URI.create("https://<name>.webpubsub.azure.com"))
 *         .accessKey(credential)
 *         .hub("chat")
 *         .build();
 *
 * // Later, on the vault's rotation event: tokens issued once this returns are signed with the new key.
 * credential.update(vault.secret("webpubsub-key"));
 * }</pre>
 *
 * <p>
 * Thread-safe. {@link #update(String)} validates the new key and prepares its signer
 * before it swaps it in, in one step: a token being signed meanwhile is signed entirely
 * with the old key or entirely with the new one, and an invalid key changes nothing.
 * Issuing a token costs one volatile read more than with a fixed key. One credential may
 * serve several factories. {@link #toString()} never shows the key.
 */
public final class AccessKeyCredential {

    private volatile AccessKeySigner signer;

    private AccessKeyCredential(AccessKeySigner signer) {
        this.signer = signer;
    }

    /**
     * Creates a credential holding an access key.
     * @param accessKey one of the resource's two access keys, at least 32 bytes (real
     * keys are 44 characters)
     * @return the credential
     * @throws InvalidWebPubSubSettingException if the key is missing, too short, or holds
     * whitespace or a control character, with the setting {@link Setting#ACCESS_KEY}; the
     * message says what to fix and never contains the key
     */
    public static AccessKeyCredential of(String accessKey) {
        return new AccessKeyCredential(signerFor(accessKey));
    }

    /**
     * Creates a credential from a signer that the caller has attributed to its own
     * setting (the factory builder's connection string or access key).
     */
    static AccessKeyCredential of(AccessKeySigner signer) {
        return new AccessKeyCredential(signer);
    }

    /**
     * Replaces the access key. The new key is checked with the same rules as
     * {@link #of(String)}; tokens issued after this method returns are signed with it. If
     * it is invalid, this method throws and the credential keeps the key it had.
     * @param newAccessKey the key to sign with from now on
     * @return {@code true} if the key changed, {@code false} if it is the key already in
     * use
     * @throws InvalidWebPubSubSettingException if the new key is invalid, with the
     * setting {@link Setting#ACCESS_KEY}; the message never contains the key
     */
    public boolean update(String newAccessKey) {
        // Checked and prepared before the lock: a slow or failed check never holds up
        // another update.
        AccessKeySigner newSigner = signerFor(newAccessKey);
        synchronized (this) {
            if (this.signer.hasKey(newSigner)) {
                return false;
            }
            this.signer = newSigner;
            return true;
        }
    }

    /**
     * Returns the signer of the current key. Read once per token, so that a token is
     * signed with one key throughout.
     */
    AccessKeySigner signer() {
        return this.signer;
    }

    private static AccessKeySigner signerFor(String accessKey) {
        return attribute(Setting.ACCESS_KEY, () -> AccessKeySigner.of(accessKey));
    }

    @Override
    public String toString() {
        return "AccessKeyCredential[key=******]";
    }

}
