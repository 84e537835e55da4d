package dev.tokenomics.client.projector;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.BlockHeader;

/**
 * A block's identity as Fabric computes it (protoutil.BlockHeaderHash): SHA-256 over the ASN.1 DER
 * of SEQUENCE{INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash}. The next block's
 * previous_hash holds exactly this value, which is what chains the blocks of a channel.
 */
public final class BlockHash {
    private BlockHash() {
    }

    public static ByteString of(BlockHeader header) {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(new ASN1Integer(BigInteger.valueOf(header.getNumber())));
        fields.add(new DEROctetString(header.getPreviousHash().toByteArray()));
        fields.add(new DEROctetString(header.getDataHash().toByteArray()));
        try {
            return ByteString.copyFrom(sha256().digest(new DERSequence(fields).getEncoded("DER")));
        } catch (IOException e) {
            throw new UncheckedIOException("DER encoding of block header " + header.getNumber() + " failed", e);
        }
    }

    /** Hex for messages and logs; "(none)" for a hash not recorded. */
    public static String hex(ByteString hash) {
        return hash == null || hash.isEmpty() ? "(none)" : HexFormat.of().formatHex(hash.toByteArray());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
