package dev.tokenomics.devnet.deliver;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.identity.IdentityException;
import dev.tokenomics.devnet.identity.Msp;
import java.time.Duration;
import java.time.Instant;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.orderer.SeekPosition;

/**
 * One seek envelope, checked as Fabric's deliver handler checks it: headers, timestamp within the
 * time window, channel, SeekInfo, then the Readers policy (a valid member's signature over the
 * payload; no nonce or txid is required), then the start and stop positions against the height.
 */
final class SeekRequest {

    static final Duration TIME_WINDOW = Duration.ofMinutes(15);

    /** The checked request, or the status that refuses it. */
    record Outcome(Status refusal, byte[] creator, long start, long stop, boolean failIfNotReady) {
        static Outcome refused(Status status) {
            return new Outcome(status, null, 0, 0, false);
        }

        boolean accepted() {
            return refusal == null;
        }
    }

    private SeekRequest() {
    }

    static Outcome check(Envelope envelope, String channelId, Msp msp, long height, Instant now) {
        Payload payload;
        ChannelHeader channelHeader;
        SignatureHeader signatureHeader;
        SeekInfo seek;
        try {
            payload = Payload.parseFrom(envelope.getPayload());
            if (!payload.hasHeader()) {
                return Outcome.refused(Status.BAD_REQUEST);
            }
            channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            signatureHeader = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
        } catch (InvalidProtocolBufferException e) {
            return Outcome.refused(Status.BAD_REQUEST);
        }
        if (!channelHeader.hasTimestamp()) {
            return Outcome.refused(Status.BAD_REQUEST);
        }
        Instant sent = Instant.ofEpochSecond(channelHeader.getTimestamp().getSeconds(), channelHeader.getTimestamp().getNanos());
        if (Duration.between(sent, now).abs().compareTo(TIME_WINDOW) > 0) {
            return Outcome.refused(Status.BAD_REQUEST);
        }
        if (!channelId.equals(channelHeader.getChannelId())) {
            return Outcome.refused(Status.NOT_FOUND);
        }
        try {
            seek = SeekInfo.parseFrom(payload.getData());
        } catch (InvalidProtocolBufferException e) {
            return Outcome.refused(Status.BAD_REQUEST);
        }
        byte[] creator = signatureHeader.getCreator().toByteArray();
        try {
            msp.verify(creator, envelope.getPayload().toByteArray(), envelope.getSignature().toByteArray());
        } catch (IdentityException e) {
            return Outcome.refused(Status.FORBIDDEN);
        }
        if (!seek.hasStart() || !seek.hasStop()) {
            return Outcome.refused(Status.BAD_REQUEST);
        }
        long start;
        SeekPosition from = seek.getStart();
        switch (from.getTypeCase()) {
            case OLDEST -> start = 0;
            case NEWEST -> start = height - 1;
            case NEXT_COMMIT -> start = height;
            case SPECIFIED -> {
                start = from.getSpecified().getNumber();
                if (start < 0 || start > height) {
                    // beyond the next block: Fabric answers NOT_FOUND at once, whatever the behavior
                    return Outcome.refused(Status.NOT_FOUND);
                }
            }
            default -> {
                return Outcome.refused(Status.BAD_REQUEST);
            }
        }
        long stop;
        SeekPosition to = seek.getStop();
        switch (to.getTypeCase()) {
            case OLDEST -> stop = start;
            case NEWEST -> stop = from.equals(to) ? start : height - 1;
            case SPECIFIED -> {
                stop = to.getSpecified().getNumber();
                // Java clients send Long.MAX_VALUE; the peer CLI sends MaxUint64, which is negative here
                if (stop < 0) {
                    stop = Long.MAX_VALUE;
                }
                if (stop < start) {
                    return Outcome.refused(Status.BAD_REQUEST);
                }
            }
            case NEXT_COMMIT -> stop = Long.MAX_VALUE;
            default -> {
                return Outcome.refused(Status.BAD_REQUEST);
            }
        }
        return new Outcome(null, creator, start, stop, seek.getBehavior() == SeekInfo.SeekBehavior.FAIL_IF_NOT_READY);
    }
}
