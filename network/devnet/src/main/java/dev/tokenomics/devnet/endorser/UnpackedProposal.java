package dev.tokenomics.devnet.endorser;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.proto.ZeroCopyParser;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * A signed proposal taken apart as Fabric's UnpackProposal does, with the proposal hash computed
 * over the channel and signature header bytes exactly as received and the payload re-marshalled
 * without its transient map.
 */
public record UnpackedProposal(
        SignedProposal signedProposal,
        Header header,
        ChannelHeader channelHeader,
        SignatureHeader signatureHeader,
        String chaincodeName,
        ChaincodeProposalPayload payloadWithoutTransient,
        ChaincodeInput input,
        boolean hasTransientData,
        byte[] proposalHash) {

    public String channelId() {
        return channelHeader.getChannelId();
    }

    public String txId() {
        return channelHeader.getTxId();
    }

    public static UnpackedProposal unpack(SignedProposal signed) throws InvalidProposalException {
        try {
            Proposal proposal = ZeroCopyParser.parse(Proposal.parser(), signed.getProposalBytes());
            Header header = ZeroCopyParser.parse(Header.parser(), proposal.getHeader());
            ChannelHeader channelHeader = ZeroCopyParser.parse(ChannelHeader.parser(), header.getChannelHeader());
            SignatureHeader signatureHeader = ZeroCopyParser.parse(SignatureHeader.parser(), header.getSignatureHeader());
            ChaincodeHeaderExtension extension = ZeroCopyParser.parse(ChaincodeHeaderExtension.parser(), channelHeader.getExtension());
            if (!extension.hasChaincodeId()) {
                throw new InvalidProposalException("ChaincodeHeaderExtension.ChaincodeId is nil");
            }
            if (extension.getChaincodeId().getName().isEmpty()) {
                throw new InvalidProposalException("ChaincodeHeaderExtension.ChaincodeId.Name is empty");
            }
            ChaincodeProposalPayload payload = ZeroCopyParser.parse(ChaincodeProposalPayload.parser(), proposal.getPayload());
            ChaincodeInvocationSpec spec = ZeroCopyParser.parse(ChaincodeInvocationSpec.parser(), payload.getInput());
            if (!spec.hasChaincodeSpec()) {
                throw new InvalidProposalException("chaincode invocation spec did not contain chaincode spec");
            }
            if (!spec.getChaincodeSpec().hasInput()) {
                throw new InvalidProposalException("chaincode input did not contain any input");
            }
            ChaincodeProposalPayload withoutTransient = ChaincodeProposalPayload.newBuilder()
                    .setInput(payload.getInput())
                    .build();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(header.getChannelHeader().asReadOnlyByteBuffer());
            sha256.update(header.getSignatureHeader().asReadOnlyByteBuffer());
            sha256.update(withoutTransient.toByteArray());
            return new UnpackedProposal(signed, header, channelHeader, signatureHeader,
                    extension.getChaincodeId().getName(), withoutTransient, spec.getChaincodeSpec().getInput(),
                    payload.getTransientMapCount() > 0, sha256.digest());
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidProposalException("error unmarshalling proposal: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
