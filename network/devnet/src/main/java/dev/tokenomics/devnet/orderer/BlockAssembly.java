package dev.tokenomics.devnet.orderer;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.identity.Signer;
import dev.tokenomics.devnet.ledger.BlockHashing;
import java.security.SecureRandom;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/**
 * Builds blocks as Fabric's orderer hands them to peers: header (number, previous header hash, data
 * hash), the envelopes, and the five metadata slots — SIGNATURES and LAST_CONFIG as the v2.5 block
 * writer fills them, the rest empty. The peer's committer fills TRANSACTIONS_FILTER later; the
 * signature covers the header, not the metadata, so it stays valid.
 */
final class BlockAssembly {

    /** Metadata slots Fabric creates for every block (len(BlockMetadataIndex_name)). */
    static final int METADATA_SLOTS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Deprecated in the protos since the last config index moved into the signatures'
     * OrdererBlockMetadata; Fabric's orderer still fills both, and clients still read this one.
     */
    @SuppressWarnings("deprecation")
    private static final int LAST_CONFIG = BlockMetadataIndex.LAST_CONFIG_VALUE;

    private BlockAssembly() {
    }

    /** A block with its header set and every metadata slot empty. */
    static Block unsigned(long number, ByteString previousHash, List<ByteString> envelopes) {
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(number)
                .setPreviousHash(previousHash)
                .setDataHash(ByteString.copyFrom(BlockHashing.dataHash(envelopes)))
                .build();
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i < METADATA_SLOTS; i++) {
            metadata.addMetadata(ByteString.EMPTY);
        }
        return Block.newBuilder()
                .setHeader(header)
                .setData(BlockData.newBuilder().addAllData(envelopes))
                .setMetadata(metadata)
                .build();
    }

    /** Adds the orderer's signature and the last-config pointer. */
    static Block signed(Block block, Signer signer, long lastConfigIndex) {
        LastConfig lastConfig = LastConfig.newBuilder().setIndex(lastConfigIndex).build();
        ByteString value = OrdererBlockMetadata.newBuilder()
                .setLastConfig(lastConfig)
                .setConsenterMetadata(Metadata.getDefaultInstance().toByteString())
                .build().toByteString();
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        ByteString signatureHeader = SignatureHeader.newBuilder()
                .setCreator(ByteString.copyFrom(signer.serializedIdentity()))
                .setNonce(ByteString.copyFrom(nonce))
                .build().toByteString();
        byte[] signed = value.concat(signatureHeader).concat(ByteString.copyFrom(BlockHashing.headerBytes(block.getHeader()))).toByteArray();
        Metadata signatures = Metadata.newBuilder()
                .setValue(value)
                .addSignatures(MetadataSignature.newBuilder()
                        .setSignatureHeader(signatureHeader)
                        .setSignature(ByteString.copyFrom(signer.sign(signed))))
                .build();
        BlockMetadata metadata = block.getMetadata().toBuilder()
                .setMetadata(BlockMetadataIndex.SIGNATURES_VALUE, signatures.toByteString())
                .setMetadata(LAST_CONFIG,
                        Metadata.newBuilder().setValue(lastConfig.toByteString()).build().toByteString())
                .build();
        return block.toBuilder().setMetadata(metadata).build();
    }
}
