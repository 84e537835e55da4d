package dev.tokenomics.devnet.junit;

import dev.tokenomics.devnet.Devnet;
import dev.tokenomics.devnet.DevnetIdentity;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * An official fabric-gateway client connected to a devnet as one of its identities, with its gRPC
 * channel; closing it closes both.
 */
public final class DevnetGateway implements AutoCloseable {
    private final ManagedChannel channel;
    private final Gateway gateway;
    private final String channelName;

    private DevnetGateway(ManagedChannel channel, Gateway gateway, String channelName) {
        this.channel = channel;
        this.gateway = gateway;
        this.channelName = channelName;
    }

    /** Connects as {@code role} (ADMIN, OPERATOR, USER1) with the client's default options. */
    public static DevnetGateway connect(Devnet devnet, String role) {
        return connect(devnet, role, builder -> builder);
    }

    /** Connects as {@code role}; {@code customizer} may set options or drop the signer (offline signing). */
    public static DevnetGateway connect(Devnet devnet, String role, UnaryOperator<Gateway.Builder> customizer) {
        return connect(devnet, devnet.identity(role), customizer);
    }

    /** Connects with any identity, e.g. one the devnet's CA never issued. */
    public static DevnetGateway connect(Devnet devnet, DevnetIdentity identity, UnaryOperator<Gateway.Builder> customizer) {
        return connect(devnet, identity, true, customizer);
    }

    /** Connects as {@code role} without a signer: every request must be signed offline (newSigned*). */
    public static DevnetGateway connectWithoutSigner(Devnet devnet, String role) {
        return connect(devnet, devnet.identity(role), false, builder -> builder);
    }

    private static DevnetGateway connect(Devnet devnet, DevnetIdentity identity, boolean withSigner,
                                         UnaryOperator<Gateway.Builder> customizer) {
        ManagedChannel channel = channel(devnet);
        try (Reader cert = Files.newBufferedReader(identity.certPem()); Reader key = Files.newBufferedReader(identity.keyPem())) {
            Gateway.Builder builder = Gateway.newInstance()
                    .identity(new X509Identity(identity.mspId(), Identities.readX509Certificate(cert)))
                    .connection(channel);
            if (withSigner) {
                builder.signer(Signers.newPrivateKeySigner(Identities.readPrivateKey(key)));
            }
            return new DevnetGateway(channel, customizer.apply(builder).connect(), devnet.channel());
        } catch (IOException e) {
            channel.shutdownNow();
            throw new UncheckedIOException(e);
        } catch (CertificateException | InvalidKeyException e) {
            channel.shutdownNow();
            throw new IllegalStateException("identity " + identity.certPem() + " is unreadable", e);
        }
    }

    /** A gRPC channel to the devnet, over TLS with the devnet's CA when TLS is on. */
    public static ManagedChannel channel(Devnet devnet) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress("localhost", devnet.port());
        if (devnet.tlsCaCert() == null) {
            return builder.usePlaintext().build();
        }
        try {
            return builder.sslContext(GrpcSslContexts.forClient().trustManager(devnet.tlsCaCert().toFile()).build())
                    .overrideAuthority(devnet.hostAlias())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    public Network network() {
        return gateway.getNetwork(channelName);
    }

    public Contract contract(String chaincodeName) {
        return network().getContract(chaincodeName);
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
