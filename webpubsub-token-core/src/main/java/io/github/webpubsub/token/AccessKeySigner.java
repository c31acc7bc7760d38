package io.github.webpubsub.token;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.SecureRequest;
import io.jsonwebtoken.security.SecurityException;
import org.jspecify.annotations.Nullable;

/**
 * Computes HS256 signatures with an access key, through jjwt's {@code HS256} algorithm
 * (which also enforces the minimum key length). The HMAC key is the UTF-8 bytes of the
 * access key string, not its base64 decoding: that is what the service verifies with.
 */
final class AccessKeySigner {

    /**
     * Pinned: jjwt would otherwise pick HS384/HS512 for longer keys, which the service
     * does not accept.
     */
    private static final MacAlgorithm HS256 = Jwts.SIG.HS256;

    private static final String JCA_NAME = "HmacSHA256";

    /** HS256 needs a key of at least 256 bits (RFC 7518, section 3.2). */
    static final int MIN_KEY_BYTES = 32;

    private final SecretKey key;

    /**
     * The JCA provider of HmacSHA256, found once when the factory is built. Handing it to
     * jjwt with each request spares the search through every installed provider that
     * {@code Mac.getInstance(String)} and {@code Mac.init} otherwise do per token.
     */
    private final Provider provider;

    private AccessKeySigner(SecretKey key, Provider provider) {
        this.key = key;
        this.provider = provider;
    }

    /**
     * Validates an access key and prepares it for signing.
     * @param accessKey the access key
     * @return a signer
     */
    static AccessKeySigner of(String accessKey) {
        requireValidKey(accessKey);
        SecretKey key = new SecretKeySpec(accessKey.getBytes(StandardCharsets.UTF_8), JCA_NAME);
        AccessKeySigner signer = new AccessKeySigner(key, providerFor(key));
        try {
            // Sign once now, so that a key jjwt refuses fails here rather than on the
            // first client request.
            signer.sign(new byte[0], 0);
        }
        catch (SecurityException ex) {
            // jjwt's message describes the key's size only; it never contains key
            // material.
            throw new IllegalArgumentException("The access key cannot be used for HS256: " + ex.getMessage(), ex);
        }
        return signer;
    }

    /**
     * Returns the provider that the JCA defaults choose for HmacSHA256 with this key, as
     * jjwt would without one.
     */
    private static Provider providerFor(SecretKey key) {
        try {
            Mac mac = Mac.getInstance(JCA_NAME);
            mac.init(key);
            return mac.getProvider();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("This Java runtime offers no usable " + JCA_NAME + " implementation, which "
                    + "HS256 tokens need. Use a standard JDK or install a JCA provider that has it.", ex);
        }
    }

    /**
     * Checks the rules of an access key without keeping it.
     * @param accessKey the access key
     * @return the same key
     */
    static String requireValidKey(String accessKey) {
        String fix = "Copy a full access key (44 characters) from the Keys page of the Web PubSub resource.";
        if (accessKey == null || accessKey.isEmpty()) {
            throw new IllegalArgumentException("Access key is missing. " + fix);
        }
        if (!accessKey.strip().equals(accessKey)) {
            throw new IllegalArgumentException(
                    "Access key starts or ends with whitespace, which would change the signature. " + fix);
        }
        for (int i = 0; i < accessKey.length(); i++) {
            char c = accessKey.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                // A key wrapped over two lines signs tokens that the service refuses, and
                // nothing would say why.
                throw new IllegalArgumentException("Access key has whitespace or a control character at index " + i
                        + ", which a key never has; tokens signed with it would be refused. " + fix);
            }
        }
        if (isConnectionString(accessKey)) {
            // Long enough and free of whitespace, it would otherwise sign tokens that the
            // service refuses.
            throw new IllegalArgumentException("Access key is a whole connection string (it has an Endpoint= or "
                    + "AccessKey= part), not a key. " + fix);
        }
        int bytes = accessKey.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("Access key is " + bytes + " bytes long; HS256 needs at least "
                    + MIN_KEY_BYTES + ". It looks truncated. " + fix);
        }
        return accessKey;
    }

    /**
     * Tells whether a value holds a connection string's parts. A key is base64 text,
     * whose only {@code =} are its padding at the end, so it never holds
     * {@code Endpoint=} or {@code AccessKey=}.
     */
    private static boolean isConnectionString(String accessKey) {
        String lowerCase = accessKey.toLowerCase(Locale.ROOT);
        return lowerCase.contains("endpoint=") || lowerCase.contains("accesskey=");
    }

    /**
     * Returns the HS256 signature of a JWS signing input.
     * @param buffer holds the ASCII bytes of
     * {@code BASE64URL(header) '.' BASE64URL(payload)} from its start
     * @param length how many bytes of the buffer the signing input is
     * @return the 32-byte signature
     */
    byte[] sign(byte[] buffer, int length) {
        return HS256.digest(new SigningRequest(new ByteArrayInputStream(buffer, 0, length), this.key, this.provider));
    }

    /**
     * Tells whether another signer signs with the same key, in time independent of where
     * the keys differ.
     */
    boolean hasKey(AccessKeySigner other) {
        return MessageDigest.isEqual(this.key.getEncoded(), other.key.getEncoded());
    }

    @Override
    public String toString() {
        return "AccessKeySigner[HS256, key=******]";
    }

    /**
     * The request jjwt's digest API takes: the bytes to sign, the key and the provider
     * (no randomness is needed).
     */
    private record SigningRequest(InputStream getPayload, SecretKey getKey,
            Provider getProvider) implements SecureRequest<InputStream, SecretKey> {

        @Override
        public @Nullable SecureRandom getSecureRandom() {
            return null;
        }

        @Override
        public String toString() {
            return "SigningRequest[key=******]";
        }

    }

}
