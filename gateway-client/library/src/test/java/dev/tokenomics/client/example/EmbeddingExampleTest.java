package dev.tokenomics.client.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.config.FabricConnectionConfig;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.TokenomicsContract;
import dev.tokenomics.client.outbox.CommandStatus;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Java example of gateway-client/README.md is this package's {@link EmbeddingExample}, and it works. */
class EmbeddingExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "dev", "tokenomics", "client", "example", "EmbeddingExample.java");

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    @Test
    void theReadmeShowsTheExampleThatThisTestRuns() throws Exception {
        String source = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        Matcher example = Pattern.compile("// README:start\n(.*)// README:end", Pattern.DOTALL).matcher(source);
        assertThat(example.find()).as("markers in " + EXAMPLE).isTrue();
        assertThat(Files.readString(README, StandardCharsets.UTF_8)).contains("```java\n" + example.group(1) + "```");
    }

    @Test
    void anOrderAndItsPaymentCommitTogetherAndThePaymentIsConfirmed() throws Exception {
        FabricConnectionConfig devnetLedger = ConnectionSettings.fromFile(devnet.devnet().connectionEnv()).resolve("ADMIN");
        try (FabricConnection admin = FabricConnection.open(devnetLedger, Duration.ofMinutes(1))) {
            TokenomicsContract contract = admin.contract();
            contract.initialize("{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":[],\"operatorMspIds\":[]}");
            contract.distributeGenesis("{\"allocations\":[{\"walletId\":\"buyer\",\"owner\":\"x509::CN=buyer::CN=ca\",\"amount\":1000}]}");
            contract.createWallet("shop", "x509::CN=shop::CN=ca");
        }
        try (TestDatabase db = TestDatabase.create(2)) {
            db.execute("CREATE TABLE shop_order (id text PRIMARY KEY, price bigint NOT NULL)");
            FabricConnectionConfig ledger = EmbeddingExample.ledger(devnetLedger.peerEndpoint(), devnetLedger.hostAlias(),
                    devnetLedger.tlsCaCert(), devnetLedger.mspId(), devnetLedger.certPath(), devnetLedger.keyPath());
            try (EmbeddingExample shop = new EmbeddingExample(db.baseUrl(), db.schema(), ledger)) {
                shop.placeOrder("42", "buyer", "shop", 250);
                await().atMost(Duration.ofMinutes(1)).until(() -> shop.paymentStatus("42") == CommandStatus.CONFIRMED);
            }
            assertThat(db.count("SELECT count(*) FROM shop_order WHERE id = '42'")).isEqualTo(1);
            assertThat(db.count("SELECT balance FROM wallet WHERE tenant_id = 'shop' AND wallet_id = 'buyer'")).isEqualTo(750);
            assertThat(db.count("SELECT balance FROM wallet WHERE tenant_id = 'shop' AND wallet_id = 'shop'")).isEqualTo(250);
        }
    }
}
