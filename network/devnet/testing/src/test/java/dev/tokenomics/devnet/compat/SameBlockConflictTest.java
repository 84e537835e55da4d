package dev.tokenomics.devnet.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.devnet.junit.DevnetExtension;
import java.time.Duration;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** J11: with batching, two conflicting transactions in one block — the first wins, the second is marked in place. */
class SameBlockConflictTest {
    @RegisterExtension
    static final DevnetExtension devnet = BasicNetwork.extension(Duration.ofSeconds(2), 10);

    @Test
    void secondConflictingTransactionInTheSameBlockIsAnMvccConflict() throws Exception {
        Contract contract = devnet.contract("USER1");
        Transaction first = contract.newProposal("increment").addArguments("same-block").build().endorse();
        Transaction second = contract.newProposal("increment").addArguments("same-block").build().endorse();

        SubmittedTransaction a = first.submitAsync();
        SubmittedTransaction b = second.submitAsync();
        Status statusA = a.getStatus();
        Status statusB = b.getStatus();

        assertThat(statusA.getBlockNumber()).isEqualTo(statusB.getBlockNumber());
        assertThat(statusA.getCode()).isEqualTo(TxValidationCode.VALID);
        assertThat(statusB.getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
    }
}
