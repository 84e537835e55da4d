package dev.tokenomics.devnet.compat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.tokenomics.devnet.DevnetIdentity;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.orderer.AtomicBroadcastGrpc;
import org.hyperledger.fabric.protos.orderer.BroadcastResponse;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.orderer.SeekOldest;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.orderer.SeekSpecified;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;
import org.hyperledger.fabric.protos.peer.EndorserGrpc;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * What {@code peer chaincode query|invoke --waitForEvent} puts on the wire, built from the protos
 * as the Fabric CLI builds them: a signed proposal to {@code Endorser/ProcessProposal}; for an
 * invoke, the endorsed transaction assembled as {@code protoutil.CreateSignedTx} does, sent to
 * {@code AtomicBroadcast/Broadcast}, and its validation code read from {@code Deliver/DeliverFiltered}.
 */
final class PeerCli {
    private static final SecureRandom NONCES = new SecureRandom();

    private final ManagedChannel channel;
    private final String channelId;
    private final String chaincode;
    private final ByteString creator;
    private final Signer signer;

    PeerCli(ManagedChannel channel, String channelId, String chaincode, DevnetIdentity identity) throws IOException, GeneralSecurityException {
        this.channel = channel;
        this.channelId = channelId;
        this.chaincode = chaincode;
        this.creator = SerializedIdentity.newBuilder().setMspid(identity.mspId())
                .setIdBytes(ByteString.copyFrom(Files.readAllBytes(identity.certPem()))).build().toByteString();
        try (Reader key = Files.newBufferedReader(identity.keyPem())) {
            this.signer = Signers.newPrivateKeySigner(Identities.readPrivateKey(key));
        }
    }

    /** A proposal and the transaction id the CLI derives from its nonce and creator. */
    record SignedInvocation(String txId, Proposal proposal, SignedProposal signed) {
    }

    SignedInvocation proposal(String function, String... args) throws GeneralSecurityException {
        byte[] nonce = new byte[24];
        NONCES.nextBytes(nonce);
        String txId = HexFormat.of().formatHex(sha256(ByteString.copyFrom(nonce).concat(creator)));
        ChaincodeID id = ChaincodeID.newBuilder().setName(chaincode).build();
        ChaincodeInput.Builder input = ChaincodeInput.newBuilder().addArgs(ByteString.copyFromUtf8(function));
        for (String arg : args) {
            input.addArgs(ByteString.copyFrom(arg, StandardCharsets.UTF_8));
        }
        ChannelHeader channelHeader = ChannelHeader.newBuilder().setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(channelId).setTxId(txId).setTimestamp(now())
                .setExtension(ChaincodeHeaderExtension.newBuilder().setChaincodeId(id).build().toByteString()).build();
        Header header = Header.newBuilder().setChannelHeader(channelHeader.toByteString())
                .setSignatureHeader(signatureHeader(nonce)).build();
        ChaincodeProposalPayload payload = ChaincodeProposalPayload.newBuilder()
                .setInput(ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
                        .setType(ChaincodeSpec.Type.JAVA).setChaincodeId(id).setInput(input)).build().toByteString())
                .build();
        Proposal proposal = Proposal.newBuilder().setHeader(header.toByteString()).setPayload(payload.toByteString()).build();
        ByteString proposalBytes = proposal.toByteString();
        SignedProposal signed = SignedProposal.newBuilder().setProposalBytes(proposalBytes).setSignature(sign(proposalBytes)).build();
        return new SignedInvocation(txId, proposal, signed);
    }

    ProposalResponse processProposal(SignedProposal proposal) {
        return EndorserGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).processProposal(proposal);
    }

    /** {@code protoutil.CreateSignedTx}: the proposal's header, its payload, the endorsement, signed by the client. */
    Envelope signedTransaction(Proposal proposal, ProposalResponse endorsed) throws GeneralSecurityException, IOException {
        Header header = Header.parseFrom(proposal.getHeader());
        ChaincodeActionPayload action = ChaincodeActionPayload.newBuilder()
                .setChaincodeProposalPayload(proposal.getPayload())
                .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(endorsed.getPayload())
                        .addEndorsements(endorsed.getEndorsement()))
                .build();
        Transaction transaction = Transaction.newBuilder().addActions(TransactionAction.newBuilder()
                .setHeader(header.getSignatureHeader()).setPayload(action.toByteString())).build();
        ByteString payload = Payload.newBuilder().setHeader(header).setData(transaction.toByteString()).build().toByteString();
        return Envelope.newBuilder().setPayload(payload).setSignature(sign(payload)).build();
    }

    BroadcastResponse broadcast(Envelope envelope) throws Exception {
        CompletableFuture<BroadcastResponse> answer = new CompletableFuture<>();
        StreamObserver<Envelope> requests = AtomicBroadcastGrpc.newStub(channel).broadcast(new StreamObserver<>() {
            @Override
            public void onNext(BroadcastResponse response) {
                answer.complete(response);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                answer.completeExceptionally(new IllegalStateException("broadcast stream closed without an answer"));
            }
        });
        requests.onNext(envelope);
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } finally {
            requests.onCompleted();
        }
    }

    /** Reads filtered blocks from the oldest until {@code txId} appears, as {@code --waitForEvent} does. */
    TxValidationCode awaitValidation(String txId, Duration timeout) throws Exception {
        SeekPosition oldest = SeekPosition.newBuilder().setOldest(SeekOldest.getDefaultInstance()).build();
        SeekPosition forever = SeekPosition.newBuilder().setSpecified(SeekSpecified.newBuilder().setNumber(Long.MAX_VALUE)).build();
        SeekInfo seek = SeekInfo.newBuilder().setStart(oldest).setStop(forever).build();
        ChannelHeader channelHeader = ChannelHeader.newBuilder().setType(HeaderType.DELIVER_SEEK_INFO_VALUE)
                .setChannelId(channelId).setTimestamp(now()).build();
        byte[] nonce = new byte[24];
        NONCES.nextBytes(nonce);
        ByteString payload = Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(channelHeader.toByteString())
                .setSignatureHeader(signatureHeader(nonce))).setData(seek.toByteString()).build().toByteString();
        Envelope request = Envelope.newBuilder().setPayload(payload).setSignature(sign(payload)).build();
        CompletableFuture<TxValidationCode> validation = new CompletableFuture<>();
        Context.CancellableContext call = Context.current().withCancellation();
        try {
            call.run(() -> DeliverGrpc.newStub(channel).deliverFiltered(new StreamObserver<>() {
                @Override
                public void onNext(DeliverResponse response) {
                    if (response.hasStatus()) {
                        validation.completeExceptionally(new IllegalStateException("deliver ended with status " + response.getStatus()));
                    }
                    for (FilteredTransaction tx : response.getFilteredBlock().getFilteredTransactionsList()) {
                        if (tx.getTxid().equals(txId)) {
                            validation.complete(tx.getTxValidationCode());
                        }
                    }
                }

                @Override
                public void onError(Throwable t) {
                    validation.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    validation.completeExceptionally(new IllegalStateException("deliver stream ended before " + txId + " was seen"));
                }
            }).onNext(request));
            return validation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            // Like the CLI: the stream stays open (no half-close) until the answer, then is cancelled.
            call.cancel(null);
        }
    }

    private ByteString signatureHeader(byte[] nonce) {
        return SignatureHeader.newBuilder().setCreator(creator).setNonce(ByteString.copyFrom(nonce)).build().toByteString();
    }

    private ByteString sign(ByteString message) throws GeneralSecurityException {
        return ByteString.copyFrom(signer.sign(sha256(message)));
    }

    private static byte[] sha256(ByteString bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    }

    private static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }
}
