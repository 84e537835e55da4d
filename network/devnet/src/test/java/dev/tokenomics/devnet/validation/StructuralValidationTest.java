package dev.tokenomics.devnet.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.testing.CommitFixture;
import dev.tokenomics.devnet.testing.EndorsedTransaction;
import java.nio.file.Path;
import java.util.List;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StructuralValidationTest extends CommitFixture {

    @TempDir
    static Path foreignDir;
    static DevnetCrypto foreign;

    @BeforeAll
    static void foreignCrypto() {
        foreign = DevnetCrypto.createOrLoad(foreignDir, "Org1MSP", "org1.example.com");
    }

    @Override
    protected EndorsedTransaction tx() {
        return super.tx().write("k", "v");
    }

    TxValidationCode commitAlone(Envelope envelope) {
        return harness.commit(envelope).get(0);
    }

    boolean keyWritten() {
        try (StateSnapshot s = harness.ledger().snapshot()) {
            return s.get("basic", "k").isPresent();
        }
    }

    @Nested
    class Envelopes {

        @Test
        void wellFormedEndorsedTransactionIsValid() {
            assertThat(commitAlone(tx().envelope())).isEqualTo(TxValidationCode.VALID);
            assertThat(keyWritten()).isTrue();
        }

        @Test
        void garbageAndEmptyEntriesStayInTheBlockMarked() {
            List<TxValidationCode> codes = harness.commitRaw(List.of(
                    ByteString.copyFromUtf8("\u00ff\u00ff not protobuf"), ByteString.EMPTY, tx().envelope().toByteString()));

            assertThat(codes).containsExactly(TxValidationCode.INVALID_OTHER_REASON, TxValidationCode.NIL_ENVELOPE, TxValidationCode.VALID);
            assertThat(harness.ledger().block(1).orElseThrow().getData().getDataCount()).isEqualTo(3);
        }

        @Test
        void envelopeWithoutHeaderHasABadCommonHeader() {
            Envelope noHeader = Envelope.newBuilder().setSignature(ByteString.copyFromUtf8("signature of nothing")).build();
            assertThat(commitAlone(noHeader)).isEqualTo(TxValidationCode.BAD_COMMON_HEADER);
        }

        @Test
        void signatureOverOtherBytesIsABadCreatorSignature() {
            assertThat(commitAlone(tx().badClientSignature().envelope())).isEqualTo(TxValidationCode.BAD_CREATOR_SIGNATURE);
            assertThat(keyWritten()).isFalse();
        }

        @Test
        void creatorFromAnotherCaIsABadCreatorSignature() {
            Envelope e = EndorsedTransaction.by(foreign.user("USER1").signer()).endorsedBy(crypto.peerSigner()).write("k", "v").envelope();
            assertThat(commitAlone(e)).isEqualTo(TxValidationCode.BAD_CREATOR_SIGNATURE);
        }

        @Test
        void forgedTransactionIdIsABadProposalTxid() {
            assertThat(commitAlone(tx().txId("0".repeat(64)).envelope())).isEqualTo(TxValidationCode.BAD_PROPOSAL_TXID);
        }

        @Test
        void otherChannelIsTargetChainNotFound() {
            assertThat(commitAlone(tx().channel("otherchannel").envelope())).isEqualTo(TxValidationCode.TARGET_CHAIN_NOT_FOUND);
        }
    }

    @Nested
    class Endorsements {

        @Test
        void preparedTransactionTamperedAfterEndorsementFailsTheEndorsementPolicy() {
            assertThat(commitAlone(tx().tamperedAfterEndorsement().envelope())).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
            assertThat(keyWritten()).isFalse();
        }

        @Test
        void endorsementByAClientRatherThanAPeerFailsTheEndorsementPolicy() {
            Envelope selfEndorsed = EndorsedTransaction.by(crypto.user("USER1").signer()).write("k", "v").envelope();
            assertThat(commitAlone(selfEndorsed)).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        }

        @Test
        void endorsementByAPeerOfAnotherCaFailsTheEndorsementPolicy() {
            Envelope e = EndorsedTransaction.by(crypto.user("USER1").signer()).endorsedBy(foreign.peerSigner()).write("k", "v").envelope();
            assertThat(commitAlone(e)).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        }
    }

    @Nested
    class ChaincodeDefinitionsAtCommit {

        @Test
        void undefinedChaincodeIsInvalidChaincode() {
            assertThat(commitAlone(tx().chaincode("unknown", "1.0").envelope())).isEqualTo(TxValidationCode.INVALID_CHAINCODE);
        }

        @Test
        void emptyDefinitionVersionIsInvalidChaincode() {
            assertThat(commitAlone(tx().chaincode("basic", "").envelope())).isEqualTo(TxValidationCode.INVALID_CHAINCODE);
        }

        @Test
        void writeToAnotherUndefinedNamespaceIsInvalidChaincode() {
            assertThat(commitAlone(tx().writeIn("_lifecycle", "x", "y").envelope())).isEqualTo(TxValidationCode.INVALID_CHAINCODE);
        }
    }
}
