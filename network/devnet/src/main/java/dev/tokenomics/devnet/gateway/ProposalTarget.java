package dev.tokenomics.devnet.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.proto.ZeroCopyParser;
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
        Proposal proposal = ZeroCopyParser.parse(Proposal.parser(), signed.getProposalBytes());
        Header header = ZeroCopyParser.parse(Header.parser(), proposal.getHeader());
        ChannelHeader channelHeader = ZeroCopyParser.parse(ChannelHeader.parser(), header.getChannelHeader());
        ChaincodeProposalPayload payload = ZeroCopyParser.parse(ChaincodeProposalPayload.parser(), proposal.getPayload());
        ChaincodeInvocationSpec spec = ZeroCopyParser.parse(ChaincodeInvocationSpec.parser(), payload.getInput());
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
