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
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/** One gRPC channel and one official fabric-gateway {@link Gateway} for a {@link FabricConnectionConfig}. */
public final class FabricConnection implements AutoCloseable {
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
                .signer(signer(key))
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
    static Signer signer(PrivateKey key) {
        return P256Signer.accepts(key) ? new P256Signer(((ECPrivateKey) key).getS()) : Signers.newPrivateKeySigner(key);
    }

    /**
     * ECDSA P-256 over the SHA-256 digest the client passes in, as Fabric verifies it: DER {r, s} with
     * s in the lower half of the group order. BouncyCastle's lightweight signer on its specialised
     * curve, the key converted once, the nonce derived per RFC 6979 (no random source to contend on).
     */
    static final class P256Signer implements Signer {
        private static final ECDomainParameters P256;
        private static final BigInteger HALF_ORDER;

        static {
            X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
            P256 = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
            HALF_ORDER = P256.getN().shiftRight(1);
        }

        private final ECPrivateKeyParameters key;

        P256Signer(BigInteger privateScalar) {
            this.key = new ECPrivateKeyParameters(privateScalar, P256);
        }

        /** Same order and generator as P-256: a 256-bit field alone would also match secp256k1. */
        static boolean accepts(PrivateKey key) {
            return key instanceof ECPrivateKey ec
                    && ec.getParams().getOrder().equals(P256.getN())
                    && ec.getParams().getGenerator().getAffineX().equals(P256.getG().getAffineXCoord().toBigInteger());
        }

        @Override
        public byte[] sign(byte[] digest) throws SignatureException {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, key);
            BigInteger[] rs = signer.generateSignature(digest);
            BigInteger s = rs[1].compareTo(HALF_ORDER) > 0 ? P256.getN().subtract(rs[1]) : rs[1];
            try {
                return StandardDSAEncoding.INSTANCE.encode(P256.getN(), rs[0], s);
            } catch (IOException e) {
                throw new SignatureException("DER encoding of an ECDSA signature failed", e);
            }
        }
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
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(config.peerEndpoint(), credentials);
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
