package dev.tokenomics.devnet.system;

import static dev.tokenomics.devnet.system.SystemCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.identity.Signer;
import dev.tokenomics.devnet.ledger.BlockHashing;
import dev.tokenomics.devnet.testing.CommitFixture;
import dev.tokenomics.devnet.testing.EndorsedTransaction;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerQueriesTest extends CommitFixture {
    private SystemChaincodes system;
    private Signer user;

    @BeforeEach
    void systemChaincodes() {
        system = new SystemChaincodes("mychannel", harness.ledger(), crypto.msp(), List.of());
        user = crypto.user("USER1").signer();
    }

    private Response qscc(Signer caller, String proposalChannel, Object... args) {
        return system.invoke("qscc", call(caller, proposalChannel, args));
    }

    @Nested
    class GetChainInfo {
        @Test
        void heightAndHashesAreThoseOfTheNewestBlock() throws Exception {
            harness.commit(tx().write("a", "1").envelope());
            harness.commit(tx().write("b", "2").envelope());

            Response response = qscc(user, "", "GetChainInfo", "mychannel");

            assertThat(response.getStatus()).isEqualTo(200);
            BlockchainInfo info = BlockchainInfo.parseFrom(response.getPayload());
            Block newest = harness.ledger().block(2).orElseThrow();
            assertThat(info.getHeight()).isEqualTo(3);
            assertThat(info.getCurrentBlockHash().toByteArray()).isEqualTo(BlockHashing.headerHash(newest.getHeader()));
            assertThat(info.getPreviousBlockHash()).isEqualTo(newest.getHeader().getPreviousHash());
        }

        @Test
        void aChannelThePeerDidNotJoinIsAnInvalidChainId() {
            assertThat(qscc(user, "", "GetChainInfo", "other").getMessage()).isEqualTo("Invalid chain ID, other");
        }

        @Test
        void withoutTheChannelArgumentTheArgumentCountIsWrong() {
            assertThat(qscc(user, "mychannel", "GetChainInfo").getMessage()).isEqualTo("Incorrect number of arguments, 1");
        }
    }

    @Nested
    class Blocks {
        @Test
        void byNumberByHashAndNewestAreTheCommittedBlocks() throws Exception {
            harness.commit(tx().write("a", "1").envelope());
            Block one = harness.ledger().block(1).orElseThrow();

            assertThat(Block.parseFrom(qscc(user, "mychannel", "GetBlockByNumber", "mychannel", "1").getPayload())).isEqualTo(one);
            assertThat(Block.parseFrom(qscc(user, "mychannel", "GetBlockByNumber", "mychannel", "18446744073709551615").getPayload()))
                    .isEqualTo(one);
            ByteString hash = ByteString.copyFrom(BlockHashing.headerHash(one.getHeader()));
            assertThat(Block.parseFrom(qscc(user, "mychannel", "GetBlockByHash", "mychannel", hash).getPayload())).isEqualTo(one);
        }

        @Test
        void unknownNumbersAndHashesGetTheBlockStoreErrors() {
            assertThat(qscc(user, "mychannel", "GetBlockByNumber", "mychannel", "7").getMessage())
                    .isEqualTo("Failed to get block number 7, error no such block number [7] in index");
            assertThat(qscc(user, "mychannel", "GetBlockByNumber", "mychannel", "seven").getMessage())
                    .isEqualTo("Failed to parse block number with error strconv.ParseUint: parsing \"seven\": invalid syntax");
            byte[] hash = new byte[32];
            assertThat(qscc(user, "mychannel", "GetBlockByHash", "mychannel", ByteString.copyFrom(hash)).getMessage())
                    .endsWith("error no such block hash [" + HexFormat.of().formatHex(hash) + "] in index");
        }

        @Test
        void aLookupWithoutItsThirdArgumentIsRefused() {
            assertThat(qscc(user, "mychannel", "GetBlockByNumber", "mychannel").getMessage())
                    .isEqualTo("missing 3rd argument for GetBlockByNumber");
        }
    }

    @Nested
    class Transactions {
        @Test
        void aValidTransactionComesWithItsEnvelopeAndCode() throws Exception {
            Envelope envelope = tx().write("a", "1").envelope();
            harness.commit(envelope);
            String txId = EndorsedTransaction.txIdOf(envelope);

            Response response = qscc(user, "mychannel", "GetTransactionByID", "mychannel", txId);

            ProcessedTransaction processed = ProcessedTransaction.parseFrom(response.getPayload());
            assertThat(processed.getValidationCode()).isEqualTo(TxValidationCode.VALID_VALUE);
            assertThat(processed.getTransactionEnvelope()).isEqualTo(envelope);
            assertThat(Block.parseFrom(qscc(user, "mychannel", "GetBlockByTxID", "mychannel", txId).getPayload()))
                    .isEqualTo(harness.ledger().block(1).orElseThrow());
        }

        @Test
        void anInvalidatedTransactionComesWithItsCode() throws Exception {
            harness.commit(tx().write("a", "1").envelope());
            Envelope stale = tx().read("a", null).write("a", "2").envelope();
            assertThat(harness.commit(stale)).containsExactly(TxValidationCode.MVCC_READ_CONFLICT);

            Response response = qscc(user, "", "GetTransactionByID", "mychannel", EndorsedTransaction.txIdOf(stale));

            assertThat(ProcessedTransaction.parseFrom(response.getPayload()).getValidationCode())
                    .isEqualTo(TxValidationCode.MVCC_READ_CONFLICT_VALUE);
        }

        @Test
        void anUnknownIdGetsTheIndexError() {
            assertThat(qscc(user, "mychannel", "GetTransactionByID", "mychannel", "nope").getMessage())
                    .isEqualTo("Failed to get transaction with id nope, error no such transaction ID [nope] in index");
            assertThat(qscc(user, "mychannel", "GetBlockByTxID", "mychannel", "nope").getMessage())
                    .isEqualTo("Failed to get block for txID nope, error no such transaction ID [nope] in index");
        }
    }

    @Nested
    class Access {
        @Test
        void anIdentityOutsideTheChannelIsNotAReader(@TempDir Path dir) {
            Signer stranger = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com").user("USER1").signer();

            assertThat(qscc(stranger, "", "GetChainInfo", "mychannel").getMessage()).isEqualTo("access denied for [GetChainInfo][mychannel]: "
                    + "[Failed evaluating policy on signed data during check policy on channel [mychannel] with policy "
                    + "[/Channel/Application/Readers]: [implicit policy evaluation failed - 0 sub-policies were satisfied, "
                    + "but this policy requires 1 of the 'Readers' sub-policies to be satisfied]]");
        }

        @Test
        void anUnknownFunctionHasNoPolicy() {
            assertThat(qscc(user, "mychannel", "GetEverything", "mychannel", "x").getMessage())
                    .isEqualTo("access denied for [GetEverything][mychannel]: [Unmapped policy for qscc/GetEverything]");
        }
    }
}
