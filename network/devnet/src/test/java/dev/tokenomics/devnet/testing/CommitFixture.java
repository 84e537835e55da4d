package dev.tokenomics.devnet.testing;

import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.validation.ChaincodeDefinitions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commit-path tests share: one Org1 crypto per test class, a fresh in-memory ledger with
 * chaincode {@code basic} 1.0 defined per test, and transactions from USER1 endorsed by the peer.
 */
public abstract class CommitFixture {

    @TempDir
    static Path cryptoDir;
    protected static DevnetCrypto crypto;
    protected CommitHarness harness;

    @BeforeAll
    static void org1Crypto() {
        crypto = DevnetCrypto.createOrLoad(cryptoDir, "Org1MSP", "org1.example.com");
    }

    @BeforeEach
    void emptyLedger() {
        harness = new CommitHarness(crypto, new ChaincodeDefinitions().define("basic", "1.0"));
    }

    @AfterEach
    void closeLedger() throws Exception {
        harness.close();
    }

    /** A transaction on {@code basic} by USER1, endorsed by the peer, with no reads or writes yet. */
    protected EndorsedTransaction tx() {
        return EndorsedTransaction.by(crypto.user("USER1").signer()).endorsedBy(crypto.peerSigner());
    }
}
