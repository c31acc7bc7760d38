import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks what scripts/rotation-under-load.sh recorded: every response of wrk, with its arrival time, status and
 * token. Needs only the JDK (java VerifyRotation.java ...), and checks signatures with javax.crypto.Mac itself.
 *
 * <p>Passes when: every response is 2xx; every token is signed with exactly one of the two keys, names the expected
 * audience and user; tokens that arrived before the key file was swapped are signed with the old key; tokens whose
 * iat is later than swap + two check intervals + 1 s are signed with the new key (a new key signs once two checks in a
 * row have read it). Prints a summary; exits 1 on failure.
 *
 * <p>Arguments: tokens-dir old-key-file new-key-file swap-epoch-millis check-interval-millis audience subject
 */
public final class VerifyRotation {

    private static final Pattern IAT = Pattern.compile("\"iat\":(\\d+)");

    private static final Pattern AUD = Pattern.compile("\"aud\":\"([^\"]*)\"");

    private static final Pattern SUB = Pattern.compile("\"sub\":\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("Usage: java VerifyRotation.java <tokens-dir> <old-key-file> <new-key-file> "
                    + "<swap-epoch-ms> <check-interval-ms> <audience> <subject>");
            System.exit(2);
        }
        Path tokens = Path.of(args[0]);
        byte[] oldKey = key(Path.of(args[1]));
        byte[] newKey = key(Path.of(args[2]));
        long swap = Long.parseLong(args[3]);
        long interval = Long.parseLong(args[4]);
        String audience = args[5];
        String subject = args[6];
        long newKeyOnlyAfter = swap + 2 * interval + 1000;

        List<String> failures = new ArrayList<>();
        long responses = 0;
        long non2xx = 0;
        long signedOld = 0;
        long signedNew = 0;
        long beforeSwap = 0;
        long afterNewKeyOnly = 0;
        long firstNewArrival = Long.MAX_VALUE;
        long lastOldArrival = Long.MIN_VALUE;
        List<Path> files;
        try (Stream<Path> list = Files.list(tokens)) {
            files = list.filter((file) -> file.getFileName().toString().startsWith("tokens-")).sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] fields = line.split(" ");
                if (fields.length != 3) {
                    fail(failures, "malformed record in " + file.getFileName() + ": " + line);
                    continue;
                }
                responses++;
                long arrival = Long.parseLong(fields[0]);
                int status = Integer.parseInt(fields[1]);
                String token = fields[2];
                if (status < 200 || status > 299) {
                    non2xx++;
                    fail(failures, "status " + status + " at " + (arrival - swap) + " ms from the swap");
                    continue;
                }
                String[] parts = token.split("\\.");
                if (parts.length != 3) {
                    fail(failures, "a 2xx response without a compact JWS at " + (arrival - swap) + " ms");
                    continue;
                }
                boolean old = signedWith(parts, oldKey);
                boolean fresh = signedWith(parts, newKey);
                String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                long iat = Long.parseLong(group(IAT, claims));
                if (old == fresh) {
                    fail(failures, "token at " + (arrival - swap) + " ms is signed with " + (old ? "both" : "neither")
                            + " of the keys");
                    continue;
                }
                if (!audience.equals(group(AUD, claims)) || !subject.equals(group(SUB, claims))) {
                    fail(failures, "token at " + (arrival - swap) + " ms has aud " + group(AUD, claims) + ", sub "
                            + group(SUB, claims));
                }
                if (old) {
                    signedOld++;
                    lastOldArrival = Math.max(lastOldArrival, arrival);
                }
                else {
                    signedNew++;
                    firstNewArrival = Math.min(firstNewArrival, arrival);
                }
                if (arrival < swap) {
                    beforeSwap++;
                    if (!old) {
                        fail(failures, "token that arrived " + (swap - arrival) + " ms before the swap is signed "
                                + "with the new key");
                    }
                }
                if (iat * 1000 > newKeyOnlyAfter) {
                    afterNewKeyOnly++;
                    if (!fresh) {
                        fail(failures, "token issued at iat " + iat + " (" + (iat * 1000 - swap) + " ms after the "
                                + "swap) is signed with the old key");
                    }
                }
            }
        }
        if (responses == 0) {
            fail(failures, "no responses recorded");
        }
        if (beforeSwap == 0) {
            fail(failures, "no token arrived before the swap");
        }
        if (afterNewKeyOnly == 0) {
            fail(failures, "no token was issued after swap + 2 intervals + 1 s; run longer after the swap");
        }

        System.out.printf("responses: %d (non-2xx: %d)%n", responses, non2xx);
        System.out.printf("signed with the old key: %d, with the new key: %d%n", signedOld, signedNew);
        System.out.printf("arrived before the swap: %d, all with the old key: %s%n", beforeSwap,
                failures.stream().noneMatch((f) -> f.contains("before the swap")) ? "yes" : "NO");
        System.out.printf("issued (iat) later than swap + 2 x %d ms + 1 s: %d, all with the new key: %s%n", interval,
                afterNewKeyOnly, failures.stream().noneMatch((f) -> f.contains("with the old key")) ? "yes" : "NO");
        if (firstNewArrival != Long.MAX_VALUE) {
            System.out.printf("first new-key token: %d ms after the swap%n", firstNewArrival - swap);
        }
        if (lastOldArrival != Long.MIN_VALUE) {
            System.out.printf("last old-key token: %d ms after the swap%n", lastOldArrival - swap);
        }
        if (!failures.isEmpty()) {
            System.out.printf("FAILED: %d problem(s), the first ones:%n", failures.size());
            failures.stream().limit(20).forEach((failure) -> System.out.println("  " + failure));
            System.exit(1);
        }
        System.out.println("PASSED");
    }

    private static void fail(List<String> failures, String failure) {
        failures.add(failure);
    }

    private static String group(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The HMAC key: the UTF-8 bytes of the key file's content, without one trailing newline. */
    private static byte[] key(Path file) throws IOException {
        String key = Files.readString(file, StandardCharsets.UTF_8);
        if (key.endsWith("\n")) {
            key = key.substring(0, key.length() - 1);
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean signedWith(String[] parts, byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]));
    }

}
