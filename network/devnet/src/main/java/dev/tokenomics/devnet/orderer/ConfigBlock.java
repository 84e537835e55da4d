package dev.tokenomics.devnet.orderer;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.identity.Signer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.msp.FabricCryptoConfig;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.FabricNodeOUs;
import org.hyperledger.fabric.protos.msp.FabricOUIdentifier;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * Block 0: one CONFIG envelope whose ConfigEnvelope defines the channel's application org (its
 * MSP: root CA, TLS root CA, admin, NodeOUs), so block parsers and event consumers starting at 0
 * see what they would on a Fabric channel.
 */
final class ConfigBlock {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConfigBlock() {
    }

    static Block create(String channelId, DevnetCrypto crypto, Signer signer) {
        ByteString caPem = ByteString.copyFrom(crypto.caCertificatePem());
        FabricOUIdentifier.Builder ou = FabricOUIdentifier.newBuilder().setCertificate(caPem);
        FabricMSPConfig mspConfig = FabricMSPConfig.newBuilder()
                .setName(crypto.mspId())
                .addRootCerts(caPem)
                .addTlsRootCerts(ByteString.copyFrom(crypto.tlsCaCertificatePem()))
                .addAdmins(ByteString.copyFrom(crypto.adminCertificatePem()))
                .setCryptoConfig(FabricCryptoConfig.newBuilder()
                        .setSignatureHashFamily("SHA2").setIdentityIdentifierHashFunction("SHA256"))
                .setFabricNodeOus(FabricNodeOUs.newBuilder().setEnable(true)
                        .setClientOuIdentifier(ou.setOrganizationalUnitIdentifier("client").build())
                        .setPeerOuIdentifier(ou.setOrganizationalUnitIdentifier("peer").build())
                        .setAdminOuIdentifier(ou.setOrganizationalUnitIdentifier("admin").build())
                        .setOrdererOuIdentifier(ou.setOrganizationalUnitIdentifier("orderer").build()))
                .build();
        ConfigGroup org = ConfigGroup.newBuilder()
                .putValues("MSP", ConfigValue.newBuilder().setModPolicy("Admins")
                        .setValue(MSPConfig.newBuilder().setType(0).setConfig(mspConfig.toByteString()).build().toByteString())
                        .build())
                .setModPolicy("Admins")
                .build();
        ConfigGroup channel = ConfigGroup.newBuilder()
                .putGroups("Application", ConfigGroup.newBuilder().putGroups(crypto.mspId(), org).setModPolicy("Admins").build())
                .setModPolicy("Admins")
                .build();
        ConfigEnvelope config = ConfigEnvelope.newBuilder()
                .setConfig(Config.newBuilder().setSequence(0).setChannelGroup(channel))
                .build();

        Instant now = Instant.now();
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(ChannelHeader.newBuilder()
                                .setType(HeaderType.CONFIG_VALUE)
                                .setChannelId(channelId)
                                .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                                .build().toByteString())
                        .setSignatureHeader(SignatureHeader.newBuilder()
                                .setCreator(ByteString.copyFrom(signer.serializedIdentity()))
                                .setNonce(ByteString.copyFrom(nonce))
                                .build().toByteString()))
                .setData(config.toByteString())
                .build();
        ByteString payloadBytes = payload.toByteString();
        Envelope envelope = Envelope.newBuilder()
                .setPayload(payloadBytes)
                .setSignature(ByteString.copyFrom(signer.sign(payloadBytes.toByteArray())))
                .build();
        Block block = BlockAssembly.unsigned(0, ByteString.EMPTY, List.of(envelope.toByteString()));
        return BlockAssembly.signed(block, signer, 0);
    }
}
