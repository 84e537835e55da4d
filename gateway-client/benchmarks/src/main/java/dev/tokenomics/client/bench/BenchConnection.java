package dev.tokenomics.client.bench;

import dev.tokenomics.client.contract.FabricConnection;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * The official client connected as the admin of the network a connection.env describes (TLS when
 * it names a TLS_CA): what the benchmarks that talk to a network share.
 */
final class BenchConnection implements AutoCloseable {
    private final Properties settings;
    private final ManagedChannel channel;
    private final Gateway gateway;

    private BenchConnection(Properties settings, ManagedChannel channel, Gateway gateway) {
        this.settings = settings;
        this.channel = channel;
        this.gateway = gateway;
    }

    /**
     * {@code stockSigner}: sign with the client's Signers.newPrivateKeySigner (BouncyCastle JCA)
     * instead of the library's own P-256 signer.
     */
    static BenchConnection open(Path env, boolean stockSigner) throws Exception {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(env)) {
            settings.load(reader);
        }
        ManagedChannel channel = channel(settings);
        try (Reader cert = Files.newBufferedReader(Path.of(settings.getProperty("ADMIN_CERT")));
             Reader key = Files.newBufferedReader(Path.of(settings.getProperty("ADMIN_KEY")))) {
            PrivateKey privateKey = Identities.readPrivateKey(key);
            Signer signer = stockSigner ? Signers.newPrivateKeySigner(privateKey) : FabricConnection.signer(privateKey);
            Gateway gateway = Gateway.newInstance()
                    .identity(new X509Identity(settings.getProperty("MSP_ID"), Identities.readX509Certificate(cert)))
                    .signer(signer)
                    .connection(channel)
                    .connect();
            return new BenchConnection(settings, channel, gateway);
        } catch (Exception | Error e) {
            channel.shutdownNow();
            throw e;
        }
    }

    Contract contract() {
        return gateway.getNetwork(settings.getProperty("CHANNEL")).getContract(settings.getProperty("CHAINCODE"));
    }

    String mspId() {
        return settings.getProperty("MSP_ID");
    }

    @Override
    public void close() throws InterruptedException {
        gateway.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ManagedChannel channel(Properties settings) throws IOException {
        String[] endpoint = settings.getProperty("PEER_ENDPOINT").split(":");
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint[0], Integer.parseInt(endpoint[1]))
                .maxInboundMessageSize(FabricConnection.MAX_MESSAGE_BYTES);
        String tlsCa = settings.getProperty("TLS_CA", "");
        if (tlsCa.isEmpty()) {
            return builder.usePlaintext().build();
        }
        return builder.sslContext(GrpcSslContexts.forClient().trustManager(new File(tlsCa)).build())
                .overrideAuthority(settings.getProperty("HOST_ALIAS"))
                .build();
    }
}
