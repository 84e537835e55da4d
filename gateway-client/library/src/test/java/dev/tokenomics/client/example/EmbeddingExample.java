package dev.tokenomics.client.example;

// README:start
import dev.tokenomics.client.config.FabricConnectionConfig;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.db.Migrations;
import dev.tokenomics.client.outbox.CommandStatus;
import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.outbox.Submitter;
import dev.tokenomics.client.projector.Projector;
import dev.tokenomics.client.readmodel.CommandStatusQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/** A shop that pays for orders in tokens: an order row and its ledger command commit together, or not at all. */
public final class EmbeddingExample implements AutoCloseable {
    private static final String TENANT = "shop";

    private final Database database;
    private final FabricConnection fabric;
    private final Submitter submitter;
    private final Projector projector;
    private final Thread projecting;

    /** The identity and peer the shop talks to Fabric with. */
    public static FabricConnectionConfig ledger(String peerEndpoint, String hostAlias, Path tlsCa, String mspId, Path cert, Path key) {
        return FabricConnectionConfig.builder()
                .peerEndpoint(peerEndpoint).hostAlias(hostAlias).tlsCaCert(tlsCa)
                .mspId(mspId).certificate(cert).privateKey(key)
                .channel("mychannel").chaincode("tokenomics")
                .build();
    }

    public EmbeddingExample(String jdbcUrl, String schema, FabricConnectionConfig ledger) {
        database = Database.connect(jdbcUrl, schema, 16);
        Migrations.migrate(database.dataSource(), schema); // creates or updates the outbox and read-model tables
        fabric = FabricConnection.open(ledger, Duration.ofMinutes(1));
        // Delivers each command exactly once; run one per process, on as many hosts as you like.
        submitter = Submitter.builder(database.dataSource(), fabric.contract()).tenant(TENANT).workers(4).build();
        submitter.start();
        // Turns committed blocks into the read model; one is active per tenant, the others wait.
        projector = Projector.builder(database).network(fabric.network()).tenant(TENANT).build();
        projecting = new Thread(projector, "projector");
        projecting.start();
    }

    /** In the shop's own transaction: the order and the payment command commit together. */
    public void placeOrder(String orderId, String buyerWallet, String shopWallet, long price) throws SQLException {
        try (Connection tx = database.dataSource().getConnection()) {
            tx.setAutoCommit(false);
            try (PreparedStatement order = tx.prepareStatement("INSERT INTO shop_order (id, price) VALUES (?, ?)")) {
                order.setString(1, orderId);
                order.setLong(2, price);
                order.executeUpdate();
            }
            String payment = "{\"fromId\":\"" + buyerWallet + "\",\"toId\":\"" + shopWallet + "\",\"amount\":" + price + "}";
            Outbox.enqueue(tx, NewCommand.of(TENANT, CommandType.TRANSFER, payment, "order-" + orderId));
            tx.commit();
        }
    }

    /** What a "202 Accepted, then poll" endpoint answers: PENDING, PROCESSING, CONFIRMED or FAILED. */
    public CommandStatus paymentStatus(String orderId) throws SQLException {
        return new CommandStatusQuery(database.dataSource()).byIdempotencyKey(TENANT, "order-" + orderId)
                .orElseThrow().status();
    }

    @Override
    public void close() throws InterruptedException {
        projector.close();
        projecting.join();
        submitter.close();
        fabric.close();
        database.close();
    }
}
// README:end
