package dev.tokenomics.devnet.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.tokenomics.devnet.endorser.Endorser;
import dev.tokenomics.devnet.endorser.InvalidProposalException;
import dev.tokenomics.devnet.endorser.ProposalRejectedException;
import dev.tokenomics.devnet.endorser.UnpackedProposal;
import dev.tokenomics.devnet.identity.IdentityException;
import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.ledger.Ledger;
import dev.tokenomics.devnet.ledger.TransactionStatus;
import dev.tokenomics.devnet.orderer.Orderer;
import dev.tokenomics.devnet.orderer.OrdererRejection;
import dev.tokenomics.devnet.proto.ZeroCopyParser;
import io.grpc.Status.Code;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsResponse;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.CommitStatusResponse;
import org.hyperledger.fabric.protos.gateway.EndorseRequest;
import org.hyperledger.fabric.protos.gateway.EndorseResponse;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SignedChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SubmitRequest;
import org.hyperledger.fabric.protos.gateway.SubmitResponse;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gateway.Gateway} of a single-peer, single-org network (internal/pkg/gateway): the same
 * request checks, gRPC codes, messages and ErrorDetails as Fabric's gateway, so the official
 * clients raise the same exceptions they raise against a real peer.
 */
public final class GatewayService extends GatewayGrpc.GatewayImplBase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayService.class);
    private static final String READERS_POLICY = "/Channel/Application/Readers";

    private final Endorser endorser;
    private final Orderer orderer;
    private final Ledger ledger;
    private final Msp msp;
    private final Executor streamExecutor;
    private final Supplier<String> peerAddress;
    private final CommitWaiters commitWaiters;

    /**
     * @param peerAddress the advertised endpoint put into ErrorDetails (known once the server is bound)
     * @param streamExecutor where event streams catch up with the ledger
     */
    public GatewayService(Endorser endorser, Orderer orderer, Ledger ledger, Msp msp,
                          Supplier<String> peerAddress, Executor streamExecutor) {
        this.endorser = endorser;
        this.orderer = orderer;
        this.ledger = ledger;
        this.msp = msp;
        this.peerAddress = peerAddress;
        this.streamExecutor = streamExecutor;
        this.commitWaiters = new CommitWaiters(ledger);
    }

    private RpcErrors errors() {
        return new RpcErrors(peerAddress.get(), msp.mspId());
    }

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> observer) {
        SignedProposal signed = request.getProposedTransaction();
        if (signed.getProposalBytes().isEmpty()) {
            observer.onError(errors().error(Code.INVALID_ARGUMENT, "failed to unpack transaction proposal: a signed proposal is required"));
            return;
        }
        ProposalTarget target;
        try {
            target = ProposalTarget.of(signed);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            observer.onError(errors().error(Code.INVALID_ARGUMENT, "failed to unpack transaction proposal: " + e.getMessage()));
            return;
        }
        if (!endorser.servesChannel(target.channelId())) {
            observer.onError(errors().error(Code.UNAVAILABLE, "failed to get config for channel [" + target.channelId() + "]: channel not found"));
            return;
        }
        boolean hostedTarget = request.getTargetOrganizationsList().isEmpty()
                || request.getTargetOrganizationsList().contains(msp.mspId());
        if (endorser.chaincodeVersion(target.chaincodeName()).isEmpty() || !hostedTarget) {
            observer.onError(errors().error(Code.FAILED_PRECONDITION, "no peers available to evaluate chaincode "
                    + target.chaincodeName() + " in channel " + target.channelId()));
            return;
        }
        process(signed, false).whenComplete((response, error) -> {
            if (error != null) {
                String message = causeOf(error).getMessage();
                observer.onError(errors().withDetail(Code.FAILED_PRECONDITION, "evaluate call to endorser returned error: " + message, message));
                return;
            }
            Response result = response.getResponse();
            if (isFailure(result)) {
                if (isPeerFailure(response)) {
                    observer.onError(errors().withDetail(Code.ABORTED,
                            "failed to evaluate transaction, see attached details for more info", result.getMessage()));
                } else {
                    String message = chaincodeFailure(result);
                    observer.onError(errors().withDetail(Code.UNKNOWN, "evaluate call to endorser returned error: " + message, message));
                }
                return;
            }
            try {
                observer.onNext(EvaluateResponse.newBuilder()
                        .setResult(result.toBuilder().setPayload(chaincodeResult(response).getPayload()))
                        .build());
                observer.onCompleted();
            } catch (InvalidProtocolBufferException e) {
                observer.onError(errors().error(Code.INTERNAL, "failed to extract result from proposal response: " + e.getMessage()));
            }
        });
    }

    @Override
    public void endorse(EndorseRequest request, StreamObserver<EndorseResponse> observer) {
        SignedProposal signed = request.getProposedTransaction();
        if (signed.getProposalBytes().isEmpty()) {
            observer.onError(errors().error(Code.INVALID_ARGUMENT, "the proposed transaction must contain a signed proposal"));
            return;
        }
        UnpackedProposal up;
        ProposalTarget target;
        try {
            target = ProposalTarget.of(signed);
            up = UnpackedProposal.unpack(signed);
        } catch (InvalidProtocolBufferException | IllegalArgumentException | InvalidProposalException e) {
            observer.onError(errors().error(Code.INVALID_ARGUMENT, e.getMessage()));
            return;
        }
        String missingOrgs = request.getEndorsingOrganizationsList().stream()
                .filter(org -> !org.equals(msp.mspId()))
                .collect(Collectors.joining(", "));
        if (!missingOrgs.isEmpty()) {
            observer.onError(errors().error(Code.UNAVAILABLE, "failed to find any endorsing peers for org(s): " + missingOrgs));
            return;
        }
        if (!endorser.servesChannel(target.channelId())) {
            observer.onError(errors().error(Code.UNAVAILABLE, "failed to get config for channel [" + target.channelId() + "]: channel not found"));
            return;
        }
        if (endorser.chaincodeVersion(target.chaincodeName()).isEmpty()) {
            observer.onError(errors().error(Code.FAILED_PRECONDITION, "no combination of peers can be derived which satisfy "
                    + "the endorsement policy: No metadata was found for chaincode " + target.chaincodeName()
                    + " in channel " + target.channelId()));
            return;
        }
        endorser.process(up, true).whenComplete((response, error) -> {
            String failure = null;
            if (error != null) {
                failure = causeOf(error).getMessage();
            } else if (isFailure(response.getResponse())) {
                failure = isPeerFailure(response) ? response.getResponse().getMessage() : chaincodeFailure(response.getResponse());
            } else if (!response.hasEndorsement()) {
                failure = "no endorsement returned";
            }
            if (failure != null) {
                log.info("endorsement of {} failed: {}", up.txId(), failure);
                observer.onError(errors().withDetail(Code.ABORTED,
                        "failed to endorse transaction, see attached details for more info", failure));
                return;
            }
            observer.onNext(EndorseResponse.newBuilder().setPreparedTransaction(PreparedTransaction.of(up, response)).build());
            observer.onCompleted();
        });
    }

    @Override
    public void submit(SubmitRequest request, StreamObserver<SubmitResponse> observer) {
        if (!request.hasPreparedTransaction()) {
            observer.onError(errors().error(Code.INVALID_ARGUMENT, "a prepared transaction is required"));
            return;
        }
        if (request.getPreparedTransaction().getSignature().isEmpty()) {
            observer.onError(errors().error(Code.INVALID_ARGUMENT, "prepared transaction must be signed"));
            return;
        }
        if (!endorser.servesChannel(request.getChannelId())) {
            observer.onError(errors().error(Code.FAILED_PRECONDITION, "failed to get config for channel [" + request.getChannelId() + "]: channel not found"));
            return;
        }
        try {
            orderer.broadcast(request.getPreparedTransaction());
        } catch (OrdererRejection e) {
            log.info("orderer rejected tx {}: {} {}", request.getTransactionId(), e.status(), e.getMessage());
            observer.onError(errors().error(Code.ABORTED, "received unsuccessful response from orderer: status="
                    + e.status().name() + ", info=" + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            log.error("orderer failed on tx {}", request.getTransactionId(), e);
            observer.onError(errors().withDetail(Code.UNAVAILABLE, "no orderers could successfully process transaction", e.toString()));
            return;
        }
        observer.onNext(SubmitResponse.getDefaultInstance());
        observer.onCompleted();
    }

    @Override
    public void commitStatus(SignedCommitStatusRequest signed, StreamObserver<CommitStatusResponse> observer) {
        CommitStatusRequest request = readerRequest(signed.getRequest(), signed.getSignature(), CommitStatusRequest.parser(),
                CommitStatusRequest::getChannelId, CommitStatusRequest::getIdentity,
                "a commit status request is required", "invalid status request: ", observer);
        if (request == null) {
            return;
        }
        CompletableFuture<TransactionStatus> status = commitWaiters.await(request.getTransactionId());
        ((ServerCallStreamObserver<CommitStatusResponse>) observer).setOnCancelHandler(() -> status.cancel(false));
        status.thenAccept(s -> {
            observer.onNext(CommitStatusResponse.newBuilder().setResult(s.code()).setBlockNumber(s.blockNumber()).build());
            observer.onCompleted();
        });
    }

    @Override
    public void chaincodeEvents(SignedChaincodeEventsRequest signed, StreamObserver<ChaincodeEventsResponse> observer) {
        ChaincodeEventsRequest request = readerRequest(signed.getRequest(), signed.getSignature(), ChaincodeEventsRequest.parser(),
                ChaincodeEventsRequest::getChannelId, ChaincodeEventsRequest::getIdentity,
                "a chaincode events request is required", "invalid chaincode events request: ", observer);
        if (request == null) {
            return;
        }
        long start;
        String afterTxId = null;
        var checkpoint = request.getAfterTransactionId().isEmpty()
                ? Optional.<TransactionStatus>empty()
                : ledger.transaction(request.getAfterTransactionId());
        if (checkpoint.isPresent()) {
            start = checkpoint.get().blockNumber();
            afterTxId = request.getAfterTransactionId();
        } else {
            switch (request.getStartPosition().getTypeCase()) {
                case SPECIFIED -> start = request.getStartPosition().getSpecified().getNumber();
                case NEWEST -> {
                    observer.onError(errors().error(Code.INVALID_ARGUMENT, "invalid start position type: *orderer.SeekPosition_Newest"));
                    return;
                }
                case OLDEST -> {
                    observer.onError(errors().error(Code.INVALID_ARGUMENT, "invalid start position type: *orderer.SeekPosition_Oldest"));
                    return;
                }
                default -> start = ledger.height();
            }
        }
        new ChaincodeEventsFeed(ledger, streamExecutor, request.getChaincodeId(), start, afterTxId,
                (ServerCallStreamObserver<ChaincodeEventsResponse>) observer).start();
    }

    /**
     * Parses a signed request that channel readers may make (CommitStatus, ChaincodeEvents) and checks
     * the reader's signature over it. On failure answers with the status Fabric's gateway gives
     * (INVALID_ARGUMENT for a missing or unparsable request, PERMISSION_DENIED for a non-reader) and
     * returns null.
     */
    private <T> T readerRequest(ByteString bytes, ByteString signature, Parser<T> parser, Function<T, String> channelId,
            Function<T, ByteString> identity, String missingMessage, String invalidPrefix, StreamObserver<?> observer) {
        if (bytes.isEmpty()) {
            observer.onError(errors().error(Code.INVALID_ARGUMENT, missingMessage));
            return null;
        }
        T request;
        try {
            request = ZeroCopyParser.parse(parser, bytes);
        } catch (InvalidProtocolBufferException e) {
            observer.onError(errors().error(Code.INVALID_ARGUMENT, invalidPrefix + e.getMessage()));
            return null;
        }
        String denied = checkReader(channelId.apply(request), identity.apply(request).toByteArray(), bytes.toByteArray(),
                signature.toByteArray());
        if (denied != null) {
            observer.onError(errors().error(Code.PERMISSION_DENIED, denied));
            return null;
        }
        return request;
    }

    private String checkReader(String channelId, byte[] identity, byte[] request, byte[] signature) {
        String prefix = "failed evaluating policy on signed data during check policy on channel [" + channelId
                + "] with policy [" + READERS_POLICY + "]: ";
        if (!endorser.servesChannel(channelId)) {
            return prefix + "channel does not exist";
        }
        try {
            msp.verify(identity, request, signature);
            return null;
        } catch (IdentityException e) {
            return prefix + e.getMessage();
        }
    }

    private CompletableFuture<ProposalResponse> process(SignedProposal signed, boolean sign) {
        try {
            return endorser.process(UnpackedProposal.unpack(signed), sign);
        } catch (InvalidProposalException e) {
            return CompletableFuture.failedFuture(new ProposalRejectedException(e.getMessage()));
        }
    }

    private static boolean isFailure(Response response) {
        return response.getStatus() < 200 || response.getStatus() >= 400;
    }

    /** A failure the peer produced (chaincode unreachable, crashed, timed out), as opposed to one the chaincode returned. */
    private static boolean isPeerFailure(ProposalResponse response) {
        return response.getPayload().isEmpty() && response.getResponse().getStatus() == 500;
    }

    private static String chaincodeFailure(Response response) {
        return "chaincode response " + response.getStatus() + ", " + response.getMessage();
    }

    private static Response chaincodeResult(ProposalResponse response) throws InvalidProtocolBufferException {
        ProposalResponsePayload prp = ZeroCopyParser.parse(ProposalResponsePayload.parser(), response.getPayload());
        return ZeroCopyParser.parse(ChaincodeAction.parser(), prp.getExtension()).getResponse();
    }

    private static Throwable causeOf(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    @Override
    public void close() {
        commitWaiters.close();
    }
}
