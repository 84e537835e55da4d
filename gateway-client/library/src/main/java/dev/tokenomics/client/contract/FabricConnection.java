package dev.tokenomics.client.contract;

import dev.tokenomics.client.config.ConfigException;
import dev.tokenomics.client.config.FabricConnectionConfig;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/** One gRPC channel and one official fabric-gateway {@link Gateway} for a {@link FabricConnectionConfig}. */
public final class FabricConnection implements AutoCloseable {
    /**
     * The largest message a channel to a peer accepts: Fabric's peers send and accept up to 100 MiB;
     * gRPC's 4 MiB default would refuse a block holding a few large ApplyCommands transactions, or
     * the endorsement of an envelope near its 3 MiB bound (the response repeats each command in its
     * idempotency record and in the event).
     */
    private static final int MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

    private final FabricConnectionConfig config;

    private final ManagedChannel channel;
    private final Gateway gateway;

    private FabricConnection(FabricConnectionConfig config, ManagedChannel channel, Gateway gateway) {
        this.config = config;
        this.channel = channel;
        this.gateway = gateway;
    }

    /** Timeouts: evaluate/endorse/submit 30 s, commit status {@code commitTimeout}. */
    public static FabricConnection open(FabricConnectionConfig config, Duration commitTimeout) {
        return open(config, commitTimeout, FabricConnection::signer);
    }

    /**
     * As {@link #open(FabricConnectionConfig, Duration)}, signing with {@code signers}' signer for the
     * identity's key: the benchmarks compare {@link #signer} with the official
     * {@code Signers::newPrivateKeySigner} this way.
     */
    public static FabricConnection open(FabricConnectionConfig config, Duration commitTimeout, Function<PrivateKey, Signer> signers) {
        X509Identity identity;
        PrivateKey key;
        try (Reader certReader = Files.newBufferedReader(config.certPath());
             Reader keyReader = Files.newBufferedReader(config.keyPath())) {
            X509Certificate cert = Identities.readX509Certificate(certReader);
            identity = new X509Identity(config.mspId(), cert);
            key = Identities.readPrivateKey(keyReader);
        } catch (IOException | CertificateException | InvalidKeyException e) {
            throw new ConfigException("cannot load identity " + config.certPath() + " / " + config.keyPath() + ": " + e.getMessage(), e);
        }
        ManagedChannel channel = channel(config);
        Gateway gateway = Gateway.newInstance()
                .identity(identity)
                .signer(signers.apply(key))
                .hash(Hash.SHA256)
                .connection(channel)
                .evaluateOptions(options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                .endorseOptions(options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                .submitOptions(options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                .commitStatusOptions(options -> options.withDeadlineAfter(commitTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .connect();
        return new FabricConnection(config, channel, gateway);
    }

    /**
     * The official {@code Signers.newPrivateKeySigner} signs through BouncyCastle's JCA provider, which
     * converts the key and rebuilds P-256's precomputed generator multiples on every signature (a third
     * of the devnet benchmark client's CPU, three signatures per transaction). P-256 keys therefore sign
     * with {@link P256Signer}; other keys (P-384) keep the official signer.
     */
    public static Signer signer(PrivateKey key) {
        return P256Signer.accepts(key) ? new P256Signer(((ECPrivateKey) key).getS()) : Signers.newPrivateKeySigner(key);
    }

    private static ManagedChannel channel(FabricConnectionConfig config) {
        ChannelCredentials credentials;
        try {
            credentials = config.tlsCaCert() == null
                    ? InsecureChannelCredentials.create()
                    : TlsChannelCredentials.newBuilder().trustManager(config.tlsCaCert().toFile()).build();
        } catch (IOException e) {
            throw new ConfigException("cannot read TLS CA " + config.tlsCaCert() + ": " + e.getMessage(), e);
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(config.peerEndpoint(), credentials)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES);
        if (config.hostAlias() != null && config.tlsCaCert() != null) {
            builder.overrideAuthority(config.hostAlias());
        }
        return builder.build();
    }

    public FabricConnectionConfig config() {
        return config;
    }

    public Gateway gateway() {
        return gateway;
    }

    public Network network() {
        return gateway.getNetwork(config.channel());
    }

    public TokenomicsContract contract() {
        return new TokenomicsContract(gateway, network().getContract(config.chaincode()));
    }

    @Override
    public void close() {
        gateway.close();
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
