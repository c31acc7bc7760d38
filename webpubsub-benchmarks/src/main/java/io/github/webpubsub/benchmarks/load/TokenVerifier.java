package io.github.webpubsub.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Verifies client access tokens saved during a load run
 * ({@code scripts/load-negotiate.sh}), independently of the code that signed them: the
 * JDK's {@link Mac} and Jackson only. A token passes when its header is
 * {@code {"alg":"HS256","typ":"JWT"}}, its signature is HMAC-SHA256 over its signing
 * input with the UTF-8 bytes of the access key, {@code aud} is the expected string,
 * {@code sub} is present (and the expected user, if one is given), and {@code exp} is
 * after {@code iat}.
 *
 * <pre>
 * java -cp webpubsub-benchmarks/target/benchmarks.jar io.github.webpubsub.benchmarks.load.TokenVerifier \
 *     --key &lt;access key&gt; --audience http://localhost:8080/client/hubs/chat [--subject alice] tokens-1.txt ...
 * </pre> Each file holds one token per line. Prints how many verified and the problems of
 * those that did not; exits 1 if any did not, or if there was none at all.
 */
public final class TokenVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int PROBLEMS_SHOWN = 10;

    private final byte[] key;

    private final String audience;

    private final String subject;

    /**
     * @param key the access key that signed the tokens
     * @param audience the expected {@code aud}
     * @param subject the expected {@code sub}, or {@code null} for any
     */
    TokenVerifier(String key, String audience, String subject) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.audience = audience;
        this.subject = subject;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            }
            else {
                files.add(Path.of(args[i]));
            }
        }
        if (!options.containsKey("--key") || !options.containsKey("--audience") || files.isEmpty()) {
            System.err.println("Usage: TokenVerifier --key <access key> --audience <aud> [--subject <sub>] <file>...");
            System.exit(2);
        }
        TokenVerifier verifier = new TokenVerifier(options.get("--key"), options.get("--audience"),
                options.get("--subject"));
        int verified = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int line = 0; line < lines.size(); line++) {
                if (lines.get(line).isBlank()) {
                    continue;
                }
                List<String> problems = verifier.problems(lines.get(line).strip());
                if (problems.isEmpty()) {
                    verified++;
                }
                else {
                    failures.add(file.getFileName() + ":" + (line + 1) + ": " + String.join("; ", problems));
                }
            }
        }
        System.out.println("TOKENS verified=" + verified + " failed=" + failures.size());
        failures.stream().limit(PROBLEMS_SHOWN).forEach(System.out::println);
        if (!failures.isEmpty() || verified == 0) {
            System.out.println((verified == 0 && failures.isEmpty()) ? "FAIL: no token was saved"
                    : "FAIL: " + failures.size() + " token(s) did not verify");
            System.exit(1);
        }
    }

    /**
     * Returns what is wrong with a token, or nothing if it verifies.
     * @param token a compact JWS, or a line such as {@code MISSING 503} that the wrk
     * script wrote for a response without a token
     */
    List<String> problems(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return List.of("not a three-part JWS: " + describe(token));
        }
        List<String> problems = new ArrayList<>();
        JsonNode header = decode(parts[0], "header", problems);
        JsonNode claims = decode(parts[1], "claims", problems);
        if (header == null || claims == null) {
            return problems;
        }
        if (!header.path("alg").asText().equals("HS256") || !header.path("typ").asText().equals("JWT")
                || header.size() != 2) {
            problems.add("header is " + header + ", expected {\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        }
        byte[] expected = hmacSha256((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        byte[] actual;
        try {
            actual = Base64.getUrlDecoder().decode(parts[2]);
        }
        catch (IllegalArgumentException ex) {
            actual = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            problems.add("signature does not verify with the access key");
        }
        JsonNode aud = claims.path("aud");
        if (!aud.isTextual() || !aud.asText().equals(this.audience)) {
            problems.add("aud is " + aud + ", expected the string \"" + this.audience + "\"");
        }
        JsonNode sub = claims.path("sub");
        if (!sub.isTextual() || sub.asText().isEmpty()) {
            problems.add("sub is missing");
        }
        else if (this.subject != null && !sub.asText().equals(this.subject)) {
            problems.add("sub is " + sub + ", expected \"" + this.subject + "\"");
        }
        JsonNode iat = claims.path("iat");
        JsonNode exp = claims.path("exp");
        if (!iat.isIntegralNumber() || !exp.isIntegralNumber()) {
            problems.add("iat " + iat + " and exp " + exp + " must be integer seconds");
        }
        else if (exp.asLong() <= iat.asLong()) {
            problems.add("exp " + exp + " is not after iat " + iat);
        }
        return problems;
    }

    private static JsonNode decode(String part, String what, List<String> problems) {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                problems.add(what + " is not a JSON object");
                return null;
            }
            return node;
        }
        catch (IllegalArgumentException | IOException ex) {
            problems.add(what + " is not base64url JSON");
            return null;
        }
    }

    private byte[] hmacSha256(byte[] signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
            return mac.doFinal(signingInput);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is not available", ex);
        }
    }

    /**
     * Quotes the marker the wrk script writes for a response without a token; anything
     * else is not quoted.
     */
    private static String describe(String line) {
        return line.matches("MISSING \\d{3}") ? "'" + line + "' (that response held no token)"
                : line.length() + " characters";
    }

}
