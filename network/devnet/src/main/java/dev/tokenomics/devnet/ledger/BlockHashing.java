package dev.tokenomics.devnet.ledger;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.BlockHeader;
import dev.tokenomics.devnet.identity.EcdsaSignatures;

/**
 * Block hashes as Fabric v2.5 computes them: a header hash is SHA-256 over the ASN.1 DER of
 * SEQUENCE{INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash} (not over the
 * protobuf), and the data hash is SHA-256 over the concatenated envelope bytes.
 */
public final class BlockHashing {

    private BlockHashing() {
    }

    public static byte[] headerBytes(BlockHeader header) {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(new ASN1Integer(BigInteger.valueOf(header.getNumber())));
        fields.add(new DEROctetString(header.getPreviousHash().toByteArray()));
        fields.add(new DEROctetString(header.getDataHash().toByteArray()));
        try {
            return new DERSequence(fields).getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException("DER encoding of a block header failed", e);
        }
    }

    public static byte[] headerHash(BlockHeader header) {
        return EcdsaSignatures.sha256(headerBytes(header));
    }

    public static byte[] dataHash(List<ByteString> envelopes) {
        MessageDigest digest = sha256();
        for (ByteString envelope : envelopes) {
            for (java.nio.ByteBuffer chunk : envelope.asReadOnlyByteBufferList()) {
                digest.update(chunk);
            }
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
