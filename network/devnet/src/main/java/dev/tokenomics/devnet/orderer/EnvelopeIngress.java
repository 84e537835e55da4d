package dev.tokenomics.devnet.orderer;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.identity.IdentityException;
import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.proto.ZeroCopyParser;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.common.Status;

/**
 * The orderer's broadcast filters for a normal message on an application channel (Fabric's
 * empty-message rule, header classification, size filter and the /Channel/Writers signature
 * filter), with the statuses Fabric's broadcast handler answers.
 */
final class EnvelopeIngress {
    /** Deprecated with the system channel, but a client can still send one; Fabric refuses it like a config envelope. */
    @SuppressWarnings("deprecation")
    private static final int ORDERER_TRANSACTION = HeaderType.ORDERER_TRANSACTION_VALUE;

    private final String channelId;
    private final Msp msp;
    private final int maxEnvelopeBytes;

    EnvelopeIngress(String channelId, Msp msp, int maxEnvelopeBytes) {
        this.channelId = channelId;
        this.msp = msp;
        this.maxEnvelopeBytes = maxEnvelopeBytes;
    }

    void admit(Envelope envelope, int serializedSize) throws OrdererRejection {
        if (envelope.getPayload().isEmpty()) {
            throw new OrdererRejection(Status.BAD_REQUEST, "Message was empty");
        }
        ChannelHeader channelHeader;
        SignatureHeader signatureHeader;
        try {
            Payload payload = ZeroCopyParser.parse(Payload.parser(), envelope.getPayload());
            if (!payload.hasHeader()) {
                throw new InvalidProtocolBufferException("missing header");
            }
            channelHeader = ZeroCopyParser.parse(ChannelHeader.parser(), payload.getHeader().getChannelHeader());
            signatureHeader = ZeroCopyParser.parse(SignatureHeader.parser(), payload.getHeader().getSignatureHeader());
        } catch (InvalidProtocolBufferException e) {
            throw new OrdererRejection(Status.BAD_REQUEST, "bad header: " + e.getMessage());
        }
        if (!channelId.equals(channelHeader.getChannelId())) {
            // Fabric 2.5 without a system channel treats an unknown channel as a creation request
            throw new OrdererRejection(Status.BAD_REQUEST,
                    "channel creation request not allowed because the orderer system channel is not defined");
        }
        int type = channelHeader.getType();
        if (type == HeaderType.CONFIG_VALUE || type == ORDERER_TRANSACTION) {
            throw new OrdererRejection(Status.BAD_REQUEST, "message is of type that cannot be processed directly");
        }
        if (type == HeaderType.CONFIG_UPDATE_VALUE) {
            throw new OrdererRejection(Status.BAD_REQUEST, "config updates are not supported by the devnet");
        }
        if (serializedSize > maxEnvelopeBytes) {
            throw new OrdererRejection(Status.REQUEST_ENTITY_TOO_LARGE,
                    "message payload is " + serializedSize + " bytes and exceeds maximum allowed " + maxEnvelopeBytes + " bytes");
        }
        try {
            msp.verify(signatureHeader.getCreator().toByteArray(), envelope.getPayload().toByteArray(),
                    envelope.getSignature().toByteArray());
        } catch (IdentityException e) {
            throw new OrdererRejection(Status.FORBIDDEN, "implicit policy evaluation failed - 0 sub-policies were satisfied, "
                    + "but this policy requires 1 of the 'Writers' sub-policies to be satisfied: " + e.getMessage());
        }
    }
}
