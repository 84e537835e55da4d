package dev.tokenomics.devnet.compat;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;

/** Fabric's block hashes, computed independently of the devnet for tests: header hash over ASN.1 DER, data hash over the envelopes. */
public final class BlockHashes {
    private BlockHashes() {
    }

    public static byte[] headerHash(BlockHeader header) throws IOException, NoSuchAlgorithmException {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(new ASN1Integer(header.getNumber()));
        fields.add(new DEROctetString(header.getPreviousHash().toByteArray()));
        fields.add(new DEROctetString(header.getDataHash().toByteArray()));
        return MessageDigest.getInstance("SHA-256").digest(new DERSequence(fields).getEncoded());
    }

    public static byte[] dataHash(Block block) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        block.getData().getDataList().forEach(d -> sha.update(d.toByteArray()));
        return sha.digest();
    }

    /** True if every block's data hash matches its envelopes and every previous hash is its predecessor's header hash. */
    public static boolean chained(List<Block> blocksFromZero) throws IOException, NoSuchAlgorithmException {
        for (int n = 0; n < blocksFromZero.size(); n++) {
            Block block = blocksFromZero.get(n);
            if (block.getHeader().getNumber() != n
                    || !MessageDigest.isEqual(block.getHeader().getDataHash().toByteArray(), dataHash(block))
                    || n > 0 && !MessageDigest.isEqual(block.getHeader().getPreviousHash().toByteArray(),
                            headerHash(blocksFromZero.get(n - 1).getHeader()))) {
                return false;
            }
        }
        return true;
    }
}
