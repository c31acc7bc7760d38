package io.github.webpubsub.spring.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What the core's token code reaches reflectively, for native images (registered through
 * {@code META-INF/spring/aot.factories}); NegotiateRuntimeHintsTests records it with
 * Spring's RuntimeHints agent. jjwt-api finds its implementation by class name;
 * jjwt-jackson's {@code ObjectMapper} reads the service's answers in key-less mode.
 */
class ClientTokenRuntimeHints implements RuntimeHintsRegistrar {

    /**
     * Created by name (Class.forName, then newInstance) when {@code Jwts} and
     * {@code Jwts.SIG} initialize.
     */
    private static final List<String> JJWT_IMPLEMENTATIONS = List.of(
            "io.jsonwebtoken.impl.security.StandardSecureDigestAlgorithms",
            "io.jsonwebtoken.impl.DefaultJwtBuilder$Supplier", "io.jsonwebtoken.impl.DefaultJwtParserBuilder$Supplier",
            "io.jsonwebtoken.impl.DefaultJwtHeaderBuilder$Supplier",
            "io.jsonwebtoken.impl.DefaultClaimsBuilder$Supplier");

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        for (String implementation : JJWT_IMPLEMENTATIONS) {
            hints.reflection()
                .registerType(TypeReference.of(implementation), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
        }
        // Probed by jjwt's EdDSA and XDH support, which initializes with the algorithms;
        // absent ones are skipped.
        registerMethod(hints, "java.security.spec.NamedParameterSpec", "getName");
        registerMethod(hints, "java.security.interfaces.EdECKey", "getParams");
        registerMethod(hints, "java.security.interfaces.XECKey", "getParams");
        // Jackson 2, which jjwt-jackson creates an ObjectMapper of: it loads its Java 7
        // support by name and asks
        // Class.isRecord() reflectively (it is built for Java versions that lack the
        // method).
        hints.reflection()
            .registerType(TypeReference.of("com.fasterxml.jackson.databind.ext.Java7SupportImpl"),
                    MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
        registerMethod(hints, "java.lang.Class", "isRecord");
    }

    private static void registerMethod(RuntimeHints hints, String type, String method) {
        hints.reflection()
            .registerType(TypeReference.of(type), (hint) -> hint.withMethod(method, List.of(), ExecutableMode.INVOKE));
    }

}
