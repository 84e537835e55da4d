package dev.tokenomics.devnet.validation;

import dev.tokenomics.devnet.identity.EcdsaSignatures;
import java.util.HexFormat;

/**
 * Fabric's transaction id (protoutil.ComputeTxID): the hex SHA-256 of the signature header's nonce
 * followed by its creator. The endorser and the committer both check it, so they derive it here,
 * in one place, or a txid accepted at endorsement could be rejected at commit.
 */
public final class TransactionIds {

    private TransactionIds() {
    }

    public static String compute(byte[] nonce, byte[] creator) {
        byte[] both = new byte[nonce.length + creator.length];
        System.arraycopy(nonce, 0, both, 0, nonce.length);
        System.arraycopy(creator, 0, both, nonce.length, creator.length);
        return HexFormat.of().formatHex(EcdsaSignatures.sha256(both));
    }
}
