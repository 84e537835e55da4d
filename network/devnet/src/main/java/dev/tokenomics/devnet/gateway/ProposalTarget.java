package dev.tokenomics.devnet.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * Channel and chaincode a proposal is routed to, read the way the gateway reads them
 * (getChannelAndChaincodeFromSignedProposal): from the channel header and the invocation spec.
 */
record ProposalTarget(String channelId, String chaincodeName) {

    static ProposalTarget of(SignedProposal signed) throws InvalidProtocolBufferException, IllegalArgumentException {
        Proposal proposal = Proposal.parseFrom(signed.getProposalBytes());
        Header header = Header.parseFrom(proposal.getHeader());
        ChannelHeader channelHeader = ChannelHeader.parseFrom(header.getChannelHeader());
        ChaincodeProposalPayload payload = ChaincodeProposalPayload.parseFrom(proposal.getPayload());
        ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.parseFrom(payload.getInput());
        String channel = channelHeader.getChannelId();
        if (channel.isEmpty()) {
            throw new IllegalArgumentException("no channel id provided");
        }
        if (!spec.hasChaincodeSpec()) {
            throw new IllegalArgumentException("no chaincode spec is provided, channel id [" + channel + "]");
        }
        if (!spec.getChaincodeSpec().hasChaincodeId()) {
            throw new IllegalArgumentException("no chaincode id is provided, channel id [" + channel + "]");
        }
        String name = spec.getChaincodeSpec().getChaincodeId().getName();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no chaincode name is provided, channel id [" + channel + "]");
        }
        return new ProposalTarget(channel, name);
    }
}
