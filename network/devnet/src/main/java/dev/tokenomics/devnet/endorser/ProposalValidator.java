package dev.tokenomics.devnet.endorser;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.identity.IdentityException;
import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.validation.TransactionIds;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/** Fabric's UnpackedProposal.Validate: header type, epoch, nonce, creator, txid, then creator and signature. */
final class ProposalValidator {
    private final Msp msp;

    ProposalValidator(Msp msp) {
        this.msp = msp;
    }

    /** Throws with Fabric's text (without the "error validating proposal: " prefix the caller adds). */
    void validate(UnpackedProposal up) throws ProposalRejectedException {
        int type = up.channelHeader().getType();
        if (type != HeaderType.ENDORSER_TRANSACTION_VALUE && type != HeaderType.CONFIG_VALUE) {
            HeaderType known = HeaderType.forNumber(type);
            throw new ProposalRejectedException("invalid header type " + (known == null ? type : known.name()));
        }
        if (up.channelHeader().getEpoch() != 0) {
            throw new ProposalRejectedException("epoch is non-zero");
        }
        byte[] nonce = up.signatureHeader().getNonce().toByteArray();
        byte[] creator = up.signatureHeader().getCreator().toByteArray();
        if (nonce.length == 0) {
            throw new ProposalRejectedException("nonce is empty");
        }
        if (creator.length == 0) {
            throw new ProposalRejectedException("creator is empty");
        }
        String expectedTxId = TransactionIds.compute(nonce, creator);
        if (!up.txId().equals(expectedTxId)) {
            throw new ProposalRejectedException("incorrectly computed txid '" + up.txId() + "' -- expected '" + expectedTxId + "'");
        }
        if (up.signedProposal().getProposalBytes().isEmpty()) {
            throw new ProposalRejectedException("empty proposal bytes");
        }
        if (up.signedProposal().getSignature().isEmpty()) {
            throw new ProposalRejectedException("empty signature bytes");
        }
        String mspId;
        try {
            mspId = SerializedIdentity.parseFrom(creator).getMspid();
        } catch (InvalidProtocolBufferException e) {
            throw new ProposalRejectedException("access denied: channel [" + up.channelId() + "] creator org unknown, creator is malformed");
        }
        try {
            msp.verify(creator, up.signedProposal().getProposalBytes().toByteArray(),
                    up.signedProposal().getSignature().toByteArray());
        } catch (IdentityException e) {
            throw new ProposalRejectedException("access denied: channel [" + up.channelId() + "] creator org [" + mspId + "]");
        }
    }
}
