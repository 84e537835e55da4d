package dev.tokenomics.devnet.testing;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.validation.BlockValidator;
import dev.tokenomics.devnet.validation.ChaincodeDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * An in-memory ledger and the real block validator, committing one block per call: lets
 * validation tests choose exactly which envelopes share a block.
 */
public final class CommitHarness implements AutoCloseable {

    private final ChannelLedger ledger;
    private final BlockValidator validator;

    public CommitHarness(DevnetCrypto crypto, ChaincodeDefinitions chaincodes) {
        this(crypto, chaincodes, ChannelLedger.inMemory("mychannel"));
    }

    /** Commits onto {@code ledger} (e.g. a durable one); an empty ledger first gets an empty block 0. */
    public CommitHarness(DevnetCrypto crypto, ChaincodeDefinitions chaincodes, ChannelLedger ledger) {
        this.ledger = ledger;
        this.validator = new BlockValidator(ledger.channelId(), crypto.msp(), chaincodes, 2);
        if (ledger.height() == 0) {
            commit(); // stands in for the config block
        }
    }

    public ChannelLedger ledger() {
        return ledger;
    }

    /** Commits one block holding the envelopes, in order; returns their validation codes. */
    public List<TxValidationCode> commit(Envelope... envelopes) {
        List<ByteString> data = new ArrayList<>();
        for (Envelope e : envelopes) {
            data.add(e.toByteString());
        }
        return commitRaw(data);
    }

    public List<TxValidationCode> commitRaw(List<ByteString> data) {
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i < 5; i++) {
            metadata.addMetadata(ByteString.EMPTY);
        }
        Block block = Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(ledger.height()))
                .setData(BlockData.newBuilder().addAllData(data))
                .setMetadata(metadata)
                .build();
        BlockValidator.Result result;
        try (StateSnapshot committed = ledger.snapshot()) {
            result = validator.complete(validator.check(block), ledger, committed);
        }
        Block sealed = block.toBuilder().setMetadata(block.getMetadata().toBuilder()
                .setMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE, ByteString.copyFrom(result.transactionsFilter()))).build();
        try {
            ledger.append(sealed, result.transactions());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TxValidationCode> codes = new ArrayList<>();
        for (byte b : result.transactionsFilter()) {
            codes.add(TxValidationCode.forNumber(b & 0xFF));
        }
        return codes;
    }

    @Override
    public void close() throws IOException {
        validator.close();
        ledger.close();
    }
}
