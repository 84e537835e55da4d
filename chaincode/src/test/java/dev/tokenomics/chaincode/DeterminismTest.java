package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tokenomics.chaincode.identity.TestIdentity;
import dev.tokenomics.chaincode.stub.TxOutcome;

/**
 * Two endorsers simulating the same proposal on the same state must produce byte-identical read
 * sets, write sets, events and results, or the transaction fails endorsement policy checks.
 */
class DeterminismTest extends LedgerFixture {

    @BeforeEach
    void ledger() {
        aliceHolds1000();
        submit(OPERATOR, "TransferInternal", "w1", "w2", "10", "PAY", "seed", "done-key").result();
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of(ALICE, "Transfer", new String[] {"w1", "w2", "800"}),
                Arguments.of(OPERATOR, "TransferInternal", new String[] {"w1", "w2", "5", "REWARD", "ünïcödé \"quoted\" <tag>", "k-new"}),
                Arguments.of(OPERATOR, "TransferInternal", new String[] {"w1", "w2", "10", "PAY", "seed", "done-key"}),
                Arguments.of(OPERATOR, "BatchTransfer", new String[] {transfers("w1", "w2", "3", "w2", "w1", "1"), "b"}),
                Arguments.of(ADMIN, "Mint", new String[] {"w2", "7", "m"}),
                Arguments.of(ADMIN, "Burn", new String[] {"w1", "7", "burn"}),
                Arguments.of(ADMIN, "FreezeWallet", new String[] {"w2", "audit"}),
                Arguments.of(OPERATOR, "CreateWallet", new String[] {"w3", "owner-3"}),
                Arguments.of(ALICE, "Transfer", new String[] {"w1", "w2", "5000"}),
                // Applied, replayed, rejected, supply changes and a batch, on running balances, in one transaction.
                Arguments.of(ADMIN, "ApplyCommands", new String[] {envelope(transferCommand("e1", "w1", "w2", 800),
                        transferCommand("done-key", "w1", "w2", 10), transferCommand("e2", "w1", "w2", 800),
                        supplyCommand("MINT", "e3", "w2", 7), supplyCommand("BURN", "e4", "w1", 5),
                        transferCommand("e5", "w2", "w1", 3), batchCommand("e6", 3))}));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("calls")
    void sameCallOnSameStateGivesIdenticalBytes(TestIdentity caller, String function, String[] args) {
        Instant at = Instant.parse("2026-11-23T22:00:00.456789Z");
        TxOutcome first = cc.simulate(caller, "tx-same", at, function, args);
        TxOutcome second = cc.simulate(caller, "tx-same", at, function, args);

        assertThat(second.succeeded()).isEqualTo(first.succeeded());
        assertThat(second.readKeys()).containsExactlyElementsOf(first.readKeys());
        assertThat(second.writes().keySet()).containsExactlyElementsOf(first.writes().keySet());
        for (Map.Entry<String, byte[]> w : first.writes().entrySet()) {
            assertThat(second.writes().get(w.getKey())).isEqualTo(w.getValue());
        }
        assertThat(second.eventName()).isEqualTo(first.eventName());
        assertThat(second.eventPayload()).isEqualTo(first.eventPayload());
        if (first.succeeded()) {
            assertThat(second.result()).isEqualTo(first.result());
        } else {
            assertThat(second.rejection().getPayload()).isEqualTo(first.rejection().getPayload());
        }
    }
}
