package dev.tokenomics.devnet.validation;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.tokenomics.devnet.identity.EcdsaSignatures;
import dev.tokenomics.devnet.identity.IdentityException;
import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.proto.ZeroCopyParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks Fabric's committer runs on one envelope before looking at state, in Fabric's order
 * (core/common/validation/msgvalidation.go, then the v20 plugin dispatcher with the default
 * endorsement policy "one valid signature by a peer of the org"). Stateless and thread-safe.
 */
final class TransactionChecks {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionChecks.class);

    private final String channelId;
    private final Msp msp;
    private final ChaincodeDefinitions chaincodes;

    TransactionChecks(String channelId, Msp msp, ChaincodeDefinitions chaincodes) {
        this.channelId = channelId;
        this.msp = msp;
        this.chaincodes = chaincodes;
    }

    CheckedTransaction check(ByteString envelopeBytes, int index) {
        if (envelopeBytes.isEmpty()) {
            return CheckedTransaction.rejected(index, "", Timestamp.getDefaultInstance(), TxValidationCode.NIL_ENVELOPE);
        }
        Envelope envelope;
        try {
            envelope = ZeroCopyParser.parse(Envelope.parser(), envelopeBytes);
        } catch (InvalidProtocolBufferException e) {
            return CheckedTransaction.rejected(index, "", Timestamp.getDefaultInstance(), TxValidationCode.INVALID_OTHER_REASON);
        }
        Payload payload;
        try {
            payload = ZeroCopyParser.parse(Payload.parser(), envelope.getPayload());
        } catch (InvalidProtocolBufferException e) {
            return CheckedTransaction.rejected(index, "", Timestamp.getDefaultInstance(), TxValidationCode.BAD_PAYLOAD);
        }
        ChannelHeader channelHeader;
        SignatureHeader signatureHeader;
        try {
            if (!payload.hasHeader()) {
                throw new InvalidProtocolBufferException("nil header");
            }
            channelHeader = ZeroCopyParser.parse(ChannelHeader.parser(), payload.getHeader().getChannelHeader());
            signatureHeader = ZeroCopyParser.parse(SignatureHeader.parser(), payload.getHeader().getSignatureHeader());
        } catch (InvalidProtocolBufferException e) {
            return CheckedTransaction.rejected(index, "", Timestamp.getDefaultInstance(), TxValidationCode.BAD_COMMON_HEADER);
        }
        String txId = channelHeader.getTxId();
        Timestamp timestamp = channelHeader.getTimestamp();
        int type = channelHeader.getType();
        if ((type != HeaderType.ENDORSER_TRANSACTION_VALUE && type != HeaderType.CONFIG_UPDATE_VALUE && type != HeaderType.CONFIG_VALUE)
                || channelHeader.getEpoch() != 0
                || signatureHeader.getNonce().isEmpty() || signatureHeader.getCreator().isEmpty()) {
            return CheckedTransaction.rejected(index, txId, timestamp, TxValidationCode.BAD_COMMON_HEADER);
        }
        try {
            msp.verify(signatureHeader.getCreator().toByteArray(), envelope.getPayload().toByteArray(), envelope.getSignature().toByteArray());
        } catch (IdentityException e) {
            return CheckedTransaction.rejected(index, txId, timestamp, TxValidationCode.BAD_CREATOR_SIGNATURE, e.getMessage());
        }
        if (type == HeaderType.CONFIG_VALUE) {
            // the devnet's only configuration is the genesis block; channel updates are not supported
            return CheckedTransaction.rejected(index, txId, timestamp, TxValidationCode.INVALID_CONFIG_TRANSACTION);
        }
        if (type != HeaderType.ENDORSER_TRANSACTION_VALUE) {
            return CheckedTransaction.rejected(index, txId, timestamp, TxValidationCode.UNSUPPORTED_TX_PAYLOAD);
        }
        if (!txId.equals(expectedTxId(signatureHeader))) {
            return CheckedTransaction.rejected(index, txId, timestamp, TxValidationCode.BAD_PROPOSAL_TXID);
        }
        EndorsedAction action;
        try {
            action = endorsedAction(payload);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return CheckedTransaction.rejected(index, txId, timestamp, TxValidationCode.INVALID_ENDORSER_TRANSACTION, e.getMessage());
        }
        if (!channelId.equals(channelHeader.getChannelId())) {
            return CheckedTransaction.rejected(index, txId, timestamp, TxValidationCode.TARGET_CHAIN_NOT_FOUND);
        }
        List<CheckedTransaction.NamespaceReadWrites> rwsets = new ArrayList<>();
        TxValidationCode policyCode = dispatch(channelHeader, action, rwsets);
        return new CheckedTransaction(index, txId, true, TxValidationCode.VALID, policyCode, timestamp, List.copyOf(rwsets), "");
    }

    private static String expectedTxId(SignatureHeader header) {
        return TransactionIds.compute(header.getNonce().toByteArray(), header.getCreator().toByteArray());
    }

    /** The single action of an endorser transaction, with the proposal hash binding checked. */
    private record EndorsedAction(ChaincodeActionPayload payload, ByteString prpBytes, ProposalResponsePayload prp) {
    }

    private static EndorsedAction endorsedAction(Payload payload) throws InvalidProtocolBufferException {
        Transaction tx = ZeroCopyParser.parse(Transaction.parser(), payload.getData());
        if (tx.getActionsCount() != 1) {
            throw new IllegalArgumentException("only one action per transaction is supported, tx contains " + tx.getActionsCount());
        }
        TransactionAction action = tx.getActions(0);
        SignatureHeader actionHeader = ZeroCopyParser.parse(SignatureHeader.parser(), action.getHeader());
        if (actionHeader.getNonce().isEmpty() || actionHeader.getCreator().isEmpty()) {
            throw new IllegalArgumentException("invalid nonce or creator in the action's signature header");
        }
        ChaincodeActionPayload actionPayload = ZeroCopyParser.parse(ChaincodeActionPayload.parser(), action.getPayload());
        ByteString prpBytes = actionPayload.getAction().getProposalResponsePayload();
        ProposalResponsePayload prp = ZeroCopyParser.parse(ProposalResponsePayload.parser(), prpBytes);
        byte[] proposalHash = EcdsaSignatures.sha256(payload.getHeader().getChannelHeader()
                .concat(action.getHeader()).concat(actionPayload.getChaincodeProposalPayload()).toByteArray());
        if (!ByteString.copyFrom(proposalHash).equals(prp.getProposalHash())) {
            throw new IllegalArgumentException("proposal hash does not match");
        }
        return new EndorsedAction(actionPayload, prpBytes, prp);
    }

    /** The plugin dispatcher's checks; fills {@code rwsets} when the read/write set parses. */
    private TxValidationCode dispatch(ChannelHeader channelHeader, EndorsedAction endorsed,
            List<CheckedTransaction.NamespaceReadWrites> rwsets) {
        ChaincodeHeaderExtension extension;
        try {
            extension = ZeroCopyParser.parse(ChaincodeHeaderExtension.parser(), channelHeader.getExtension());
        } catch (InvalidProtocolBufferException e) {
            return TxValidationCode.BAD_HEADER_EXTENSION;
        }
        ChaincodeAction action;
        try {
            action = ZeroCopyParser.parse(ChaincodeAction.parser(), endorsed.prp().getExtension());
        } catch (InvalidProtocolBufferException e) {
            return TxValidationCode.BAD_RESPONSE_PAYLOAD;
        }
        try {
            TxReadWriteSet txRwSet = ZeroCopyParser.parse(TxReadWriteSet.parser(), action.getResults());
            for (NsReadWriteSet ns : txRwSet.getNsRwsetList()) {
                rwsets.add(new CheckedTransaction.NamespaceReadWrites(ns.getNamespace(), ZeroCopyParser.parse(KVRWSet.parser(), ns.getRwset())));
            }
        } catch (InvalidProtocolBufferException e) {
            return TxValidationCode.BAD_RWSET;
        }
        if (!extension.hasChaincodeId() || !action.hasChaincodeId()) {
            return TxValidationCode.INVALID_OTHER_REASON;
        }
        String chaincode = extension.getChaincodeId().getName();
        if (chaincode.isEmpty() || !chaincode.equals(action.getChaincodeId().getName())
                || action.getChaincodeId().getVersion().isEmpty()) {
            return TxValidationCode.INVALID_CHAINCODE;
        }
        if (!action.getEvents().isEmpty()) {
            try {
                if (!ZeroCopyParser.parse(ChaincodeEvent.parser(), action.getEvents()).getChaincodeId().equals(chaincode)) {
                    return TxValidationCode.INVALID_OTHER_REASON;
                }
            } catch (InvalidProtocolBufferException e) {
                return TxValidationCode.INVALID_OTHER_REASON;
            }
        }
        Set<String> seen = new HashSet<>();
        Set<String> written = new TreeSet<>();
        written.add(chaincode);
        for (CheckedTransaction.NamespaceReadWrites ns : rwsets) {
            if (!seen.add(ns.namespace())) {
                return TxValidationCode.ILLEGAL_WRITESET;
            }
            if (ns.rwset().getWritesCount() > 0 || ns.rwset().getMetadataWritesCount() > 0) {
                written.add(ns.namespace());
            }
        }
        for (String namespace : written) {
            if (!chaincodes.isDefined(namespace)) {
                return TxValidationCode.INVALID_CHAINCODE;
            }
        }
        return endorsedByOrgPeer(endorsed) ? TxValidationCode.VALID : TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
    }

    /** The default policy with one org: at least one valid signature, over prp ‖ endorser, by a peer of the org. */
    private boolean endorsedByOrgPeer(EndorsedAction endorsed) {
        Set<ByteString> endorsers = new HashSet<>();
        for (Endorsement endorsement : endorsed.payload().getAction().getEndorsementsList()) {
            if (!endorsers.add(endorsement.getEndorser())) {
                continue;
            }
            byte[] endorser = endorsement.getEndorser().toByteArray();
            try {
                if (msp.hasRole(endorser, "peer")) {
                    msp.verify(endorser, endorsed.prpBytes().concat(endorsement.getEndorser()).toByteArray(),
                            endorsement.getSignature().toByteArray());
                    return true;
                }
            } catch (IdentityException e) {
                LOG.debug("Endorsement by a non-member or with a bad signature ignored: {}", e.getMessage());
            }
        }
        return false;
    }
}
