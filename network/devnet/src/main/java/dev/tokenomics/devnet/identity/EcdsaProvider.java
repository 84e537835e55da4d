package dev.tokenomics.devnet.identity;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Which JCA provider does raw ECDSA. Chosen by measurement (see the module README): the system
 * property {@code devnet.ecdsa.provider} ("SunEC" or "BC") overrides the default.
 */
final class EcdsaProvider {

    private static final Provider PROVIDER = choose(System.getProperty("devnet.ecdsa.provider", "SunEC"));

    private EcdsaProvider() {
    }

    static Signature newRawSignature() throws NoSuchAlgorithmException {
        return Signature.getInstance("NONEwithECDSA", PROVIDER);
    }

    static Provider provider() {
        return PROVIDER;
    }

    static Provider choose(String name) {
        if ("BC".equalsIgnoreCase(name)) {
            return new BouncyCastleProvider();
        }
        Provider sun = java.security.Security.getProvider(name);
        if (sun == null) {
            throw new IllegalStateException("no JCA provider named " + name);
        }
        return sun;
    }
}
