package dev.tokenomics.client.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.projector.LedgerEvent;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The query methods' typed answers, against the real chaincode jar on the devnet. */
class TypedQueriesTest {
    private static final String OWNER = "x509::CN=queries::CN=ca";

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private static FabricConnection connection;
    private static TokenomicsContract contract;
    private static SubmitResult genesis;
    private static SubmitResult mint;
    private static SubmitResult transfer;
    private static SubmitResult freeze;

    @BeforeAll
    static void setUp() throws Exception {
        connection = FabricConnection.open(ConnectionSettings.fromFile(devnet.devnet().connectionEnv()).resolve("ADMIN"),
                Duration.ofSeconds(60));
        contract = connection.contract();
        contract.initialize("{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":[],\"operatorMspIds\":[]}");
        genesis = contract.distributeGenesis("{\"allocations\":[{\"walletId\":\"a\",\"owner\":\"" + OWNER + "\",\"amount\":1000},"
                + "{\"walletId\":\"b\",\"owner\":\"" + OWNER + "\",\"amount\":500}]}");
        contract.createWallet("c", OWNER);
        mint = contract.mint("a", 100, "q-mint");
        transfer = contract.transfer("a", "b", 50);
        freeze = contract.freezeWallet("b", "audit");
    }

    @AfterAll
    static void tearDown() {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void walletsBalancesAndSupplyAreTypedValues() throws Exception {
        assertThat(contract.getWallet("b")).isEqualTo(new Wallet("b", OWNER, 550, WalletStatus.FROZEN));
        assertThat(contract.getWallet("c")).isEqualTo(new Wallet("c", OWNER, 0, WalletStatus.ACTIVE));
        assertThat(contract.getBalance("a")).isEqualTo(1050);
        assertThat(contract.getTotalSupply()).isEqualTo(1600);
    }

    @Test
    void aMissingWalletIsTheChaincodesNotFoundRejection() {
        for (ThrowingCallable call : List.<ThrowingCallable>of(() -> contract.getWallet("nope"), () -> contract.getBalance("nope"),
                () -> contract.getWalletHistory("nope"))) {
            assertThatThrownBy(call).isInstanceOfSatisfying(ChaincodeRejectedException.class,
                    e -> assertThat(e.code()).isEqualTo(ChaincodeErrorCode.NOT_FOUND));
        }
    }

    @Test
    void anAppliedKeyNamesItsTransactionAndKeepsItsEvent() throws Exception {
        assertThat(contract.isOperationProcessed("q-mint")).isEqualTo(new OperationStatus("q-mint", true, mint.transactionId()));
        OperationRecord record = contract.getOperation("q-mint");
        assertThat(record.idempotencyKey()).isEqualTo("q-mint");
        assertThat(record.txId()).isEqualTo(mint.transactionId());
        assertThat(record.requestHash()).isNotBlank();
        LedgerEvent event = LedgerEvent.parse(record.resultJson());
        assertThat(event.eventType()).isEqualTo("TokensMinted");
        assertThat(event.movements()).containsExactly(new LedgerEvent.Movement(null, "a", 100));
    }

    @Test
    void aKeyNeverAppliedIsNotProcessedAndHasNoRecord() throws Exception {
        assertThat(contract.isOperationProcessed("q-never")).isEqualTo(new OperationStatus("q-never", false, null));
        assertThatThrownBy(() -> contract.getOperation("q-never")).isInstanceOfSatisfying(ChaincodeRejectedException.class,
                e -> assertThat(e.code()).isEqualTo(ChaincodeErrorCode.NOT_FOUND));
    }

    @Test
    void historyHasEveryCommittedVersionOfTheWallet() throws Exception {
        List<WalletVersion> history = contract.getWalletHistory("b");
        assertThat(history).extracting(WalletVersion::txId)
                .containsExactlyInAnyOrder(genesis.transactionId(), transfer.transactionId(), freeze.transactionId());
        assertThat(history).allSatisfy(version -> {
            assertThat(version.deleted()).isFalse();
            assertThat(version.txTimestamp()).isNotNull();
        });
        assertThat(history).filteredOn(v -> v.txId().equals(genesis.transactionId())).extracting(WalletVersion::wallet)
                .containsExactly(new Wallet("b", OWNER, 500, WalletStatus.ACTIVE));
        assertThat(history).filteredOn(v -> v.txId().equals(freeze.transactionId())).extracting(WalletVersion::wallet)
                .containsExactly(new Wallet("b", OWNER, 550, WalletStatus.FROZEN));
    }

    @Test
    void pagesOfListWalletsWalkEveryWalletInKeyOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        int pages = 0;
        WalletPage page = null;
        do {
            page = contract.listWallets(2, page == null ? null : page.bookmark());
            page.wallets().forEach(wallet -> ids.add(wallet.walletId()));
            pages++;
        } while (!page.last());
        assertThat(ids).containsExactly("a", "b", "c");
        assertThat(pages).isEqualTo(2);
    }
}
