package dev.tokenomics.devnet.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.tokenomics.devnet.identity.EcdsaSignatures;
import dev.tokenomics.devnet.identity.Signer;
import dev.tokenomics.devnet.validation.TransactionIds;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * Builds a signed endorser-transaction envelope exactly as the gateway client and a peer would
 * (proposal header, proposal hash, rwset, peer endorsement over prp ‖ endorser, client signature
 * over the payload), with switches to break one thing at a time.
 */
public final class EndorsedTransaction {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Signer client;
    private Signer endorser;
    private String channelId = "mychannel";
    private String chaincode = "basic";
    private String chaincodeVersion = "1.0";
    private final Map<String, KVRWSet.Builder> rwsets = new LinkedHashMap<>();
    private ChaincodeEvent event;
    private byte[] nonce;
    private String txIdOverride;
    private Instant timestamp = Instant.now();
    private boolean tamperAfterEndorsement;
    private boolean tamperClientSignature;

    private EndorsedTransaction(Signer client) {
        this.client = client;
    }

    public static EndorsedTransaction by(Signer client) {
        return new EndorsedTransaction(client);
    }

    public EndorsedTransaction endorsedBy(Signer peer) {
        this.endorser = peer;
        return this;
    }

    public EndorsedTransaction channel(String id) {
        this.channelId = id;
        return this;
    }

    public EndorsedTransaction chaincode(String name, String version) {
        this.chaincode = name;
        this.chaincodeVersion = version;
        return this;
    }

    /** A read of a key at a committed version; {@code null} version = read while absent. */
    public EndorsedTransaction read(String key, dev.tokenomics.devnet.ledger.Version version) {
        KVRead.Builder read = KVRead.newBuilder().setKey(key);
        if (version != null) {
            read.setVersion(Version.newBuilder().setBlockNum(version.blockNum()).setTxNum(version.txNum()));
        }
        ns(chaincode).addReads(read);
        return this;
    }

    public EndorsedTransaction write(String key, String value) {
        ns(chaincode).addWrites(KVWrite.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)));
        return this;
    }

    public EndorsedTransaction writeIn(String namespace, String key, String value) {
        ns(namespace).addWrites(KVWrite.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)));
        return this;
    }

    public EndorsedTransaction delete(String key) {
        ns(chaincode).addWrites(KVWrite.newBuilder().setKey(key).setIsDelete(true));
        return this;
    }

    public EndorsedTransaction range(RangeQueryInfo info) {
        ns(chaincode).addRangeQueriesInfo(info);
        return this;
    }

    public EndorsedTransaction event(String name, String payload) {
        this.event = ChaincodeEvent.newBuilder().setEventName(name).setPayload(ByteString.copyFromUtf8(payload)).build();
        return this;
    }

    /** Reuses a nonce: the same creator and nonce give the same txid (a replayed transaction). */
    public EndorsedTransaction nonce(byte[] fixed) {
        this.nonce = fixed.clone();
        return this;
    }

    public EndorsedTransaction txId(String forged) {
        this.txIdOverride = forged;
        return this;
    }

    public EndorsedTransaction timestamp(Instant at) {
        this.timestamp = at;
        return this;
    }

    /** Changes the proposal response payload after the peer signed it (a tampered prepared transaction). */
    public EndorsedTransaction tamperedAfterEndorsement() {
        this.tamperAfterEndorsement = true;
        return this;
    }

    /** Signs the envelope over other bytes than its payload. */
    public EndorsedTransaction badClientSignature() {
        this.tamperClientSignature = true;
        return this;
    }

    private KVRWSet.Builder ns(String namespace) {
        return rwsets.computeIfAbsent(namespace, n -> KVRWSet.newBuilder());
    }

    public static String txIdOf(byte[] nonce, byte[] creator) {
        return TransactionIds.compute(nonce, creator);
    }

    public Envelope envelope() {
        byte[] creator = client.serializedIdentity();
        byte[] n = nonce;
        if (n == null) {
            n = new byte[24];
            RANDOM.nextBytes(n);
        }
        String txId = txIdOverride != null ? txIdOverride : txIdOf(n, creator);
        ByteString channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(channelId)
                .setTxId(txId)
                .setTimestamp(Timestamp.newBuilder().setSeconds(timestamp.getEpochSecond()).setNanos(timestamp.getNano()))
                .setExtension(ChaincodeHeaderExtension.newBuilder().setChaincodeId(ChaincodeID.newBuilder().setName(chaincode))
                        .build().toByteString())
                .build().toByteString();
        ByteString signatureHeader = SignatureHeader.newBuilder()
                .setCreator(ByteString.copyFrom(creator)).setNonce(ByteString.copyFrom(n)).build().toByteString();
        ByteString proposalPayload = ChaincodeProposalPayload.newBuilder()
                .setInput(ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
                        .setChaincodeId(ChaincodeID.newBuilder().setName(chaincode))
                        .setInput(ChaincodeInput.newBuilder().addArgs(ByteString.copyFrom("Test", StandardCharsets.UTF_8))))
                        .build().toByteString())
                .build().toByteString();
        byte[] proposalHash = EcdsaSignatures.sha256(channelHeader.concat(signatureHeader).concat(proposalPayload).toByteArray());

        TxReadWriteSet.Builder results = TxReadWriteSet.newBuilder().setDataModel(TxReadWriteSet.DataModel.KV);
        List<String> namespaces = new ArrayList<>(rwsets.keySet());
        namespaces.sort(String::compareTo);
        for (String ns : namespaces) {
            results.addNsRwset(NsReadWriteSet.newBuilder().setNamespace(ns).setRwset(rwsets.get(ns).build().toByteString()));
        }
        ChaincodeAction.Builder action = ChaincodeAction.newBuilder()
                .setResults(rwsets.isEmpty() ? ByteString.EMPTY : results.build().toByteString())
                .setResponse(Response.newBuilder().setStatus(200))
                .setChaincodeId(ChaincodeID.newBuilder().setName(chaincode).setVersion(chaincodeVersion));
        if (event != null) {
            action.setEvents(event.toBuilder().setChaincodeId(chaincode).setTxId(txId).build().toByteString());
        }
        ByteString prp = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(proposalHash))
                .setExtension(action.build().toByteString())
                .build().toByteString();
        Signer peer = endorser != null ? endorser : client;
        ByteString endorserIdentity = ByteString.copyFrom(peer.serializedIdentity());
        ByteString endorsementSignature = ByteString.copyFrom(peer.sign(prp.concat(endorserIdentity).toByteArray()));
        if (tamperAfterEndorsement) {
            prp = ProposalResponsePayload.newBuilder()
                    .setProposalHash(ByteString.copyFrom(proposalHash))
                    .setExtension(action.setResponse(Response.newBuilder().setStatus(200).setPayload(ByteString.copyFromUtf8("forged")))
                            .build().toByteString())
                    .build().toByteString();
        }
        ByteString transaction = Transaction.newBuilder().addActions(TransactionAction.newBuilder()
                .setHeader(signatureHeader)
                .setPayload(ChaincodeActionPayload.newBuilder()
                        .setChaincodeProposalPayload(proposalPayload)
                        .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(prp)
                                .addEndorsements(Endorsement.newBuilder().setEndorser(endorserIdentity).setSignature(endorsementSignature)))
                        .build().toByteString()))
                .build().toByteString();
        ByteString payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(channelHeader).setSignatureHeader(signatureHeader))
                .setData(transaction)
                .build().toByteString();
        byte[] signed = tamperClientSignature ? payload.concat(ByteString.copyFromUtf8("x")).toByteArray() : payload.toByteArray();
        return Envelope.newBuilder().setPayload(payload).setSignature(ByteString.copyFrom(client.sign(signed))).build();
    }

    /** The txid the envelope carries. */
    public static String txIdOf(Envelope envelope) {
        try {
            Payload payload = Payload.parseFrom(envelope.getPayload());
            return ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
